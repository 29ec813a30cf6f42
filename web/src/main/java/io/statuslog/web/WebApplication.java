package io.statuslog.web;

import com.codahale.metrics.Gauge;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.lifecycle.AutoCloseableManager;
import io.dropwizard.lifecycle.Managed;
import io.statuslog.web.core.SnapshotStore;
import io.statuslog.web.db.GenerationLocator;
import io.statuslog.web.db.SnapshotDao;
import io.statuslog.web.health.ReadModelHealthCheck;
import io.statuslog.web.kafka.AdminLog;
import io.statuslog.web.kafka.IncidentPublisher;
import io.statuslog.web.managed.SnapshotRefresher;
import io.statuslog.web.resources.AdminIncidentsResource;
import io.statuslog.web.resources.BadgeResource;
import io.statuslog.web.resources.ChecksResource;
import io.statuslog.web.resources.FeedResource;
import io.statuslog.web.resources.IncidentsResource;
import io.statuslog.http.ProblemErrorHandler;
import io.statuslog.http.ProblemExceptionMapper;
import io.statuslog.web.resources.SnapshotServlet;
import java.time.Clock;
import java.util.Optional;

/**
 * The public status page and JSON API. Requests are served from an in-memory snapshot that a
 * background refresher reads from the live generation; nothing a database can do stops this
 * tier from starting or answering.
 */
public class WebApplication extends Application<WebConfiguration> {

  @Override
  public String getName() {
    return "statuslog-web";
  }

  /**
   * For the snapshot file: one written by another version (before a rollback, say) must still
   * load, so the page has something to serve; its unknown fields are left out.
   */
  static ObjectMapper lenient(ObjectMapper strict) {
    return strict.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  @Override
  public void initialize(Bootstrap<WebConfiguration> bootstrap) {
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    // {"title":"a","title":"b"} is a mistake, not a title of "b": refused, as ingest refuses it.
    bootstrap.getObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    // A misspelt field is refused, not dropped: "severty" would otherwise open an incident without the severity meant.
    bootstrap.getObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  @Override
  public void run(WebConfiguration config, Environment environment) {
    if (config.getServerFactory() instanceof DefaultServerFactory server) {
      // Our mapper answers every error as problem+json, including malformed JSON bodies.
      server.setRegisterDefaultExceptionMappers(false);
    }
    Clock clock = Clock.systemUTC();
    WebConfiguration.Web web = config.getWeb();
    // Dropwizard's managed start would open the pool's first connections and fail the boot when
    // the database is down; the pool is created on first use instead, and only stopped here.
    ManagedDataSource dataSource = config.getDatabase().build(environment.metrics(), "read-model");
    environment.lifecycle().manage(new Managed() {
      @Override
      public void stop() throws Exception {
        dataSource.stop();
      }
    });
    GenerationLocator generations = new GenerationLocator(dataSource, config.getReadModel().getMaxVersion(), clock);
    generations.listen(config.getDatabase().getUrl(), config.getDatabase().getUser(), config.getDatabase().getPassword());
    environment.lifecycle().manage(new AutoCloseableManager(generations));

    SnapshotStore snapshots =
        new SnapshotStore(Optional.ofNullable(web.getSnapshotFile()), lenient(environment.getObjectMapper()), clock, web.getStaleAfter().toJavaDuration());
    SnapshotRefresher refresher =
        new SnapshotRefresher(generations, new SnapshotDao(dataSource, web.getQueryTimeout().toJavaDuration()), snapshots, web.getRefreshEvery().toJavaDuration(), clock);
    environment.lifecycle().manage(refresher);
    environment.metrics().register("statuslog.snapshot.age-seconds", (Gauge<Long>) snapshots::ageSeconds);
    environment.metrics().register("statuslog.snapshot.stale", (Gauge<Integer>) () -> snapshots.current().snapshot().stale() ? 1 : 0);

    // Building the clients contacts no broker: with Kafka down the page still starts and serves,
    // and only the admin API answers 503.
    Optional<AdminLog> adminLog = Optional.ofNullable(config.getKafka()).map(kafka -> new AdminLog(kafka, new IncidentPublisher(kafka)));
    adminLog.ifPresent(log -> environment.lifecycle().manage(new AutoCloseableManager(log)));

    environment.servlets().addServlet("page", SnapshotServlet.page(snapshots)).addMapping("");
    environment.servlets().addServlet("summary", SnapshotServlet.summary(snapshots)).addMapping("/api/v1/summary");
    environment.jersey().register(new ChecksResource(snapshots));
    environment.jersey().register(new IncidentsResource(snapshots));
    environment.jersey().register(new FeedResource(snapshots));
    environment.jersey().register(new BadgeResource(snapshots));
    environment.jersey().register(new AdminIncidentsResource(Optional.ofNullable(web.getAdminToken()), adminLog, clock));
    environment.jersey().register(new ProblemExceptionMapper());
    environment.lifecycle().addServerLifecycleListener(server -> server.setErrorHandler(new ProblemErrorHandler()));
    environment.healthChecks().register("read-model", new ReadModelHealthCheck(snapshots));
  }
}
