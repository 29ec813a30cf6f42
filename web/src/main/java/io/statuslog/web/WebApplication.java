package io.statuslog.web;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.ManagedDataSource;
import io.statuslog.web.core.SummaryService;
import io.dropwizard.lifecycle.AutoCloseableManager;
import io.statuslog.web.db.GenerationLocator;
import io.statuslog.web.db.SummaryDao;
import io.statuslog.web.health.ReadModelHealthCheck;
import io.statuslog.web.resources.ProblemExceptionMapper;
import io.statuslog.web.resources.StatusPageResource;
import io.statuslog.web.resources.SummaryResource;
import java.time.Clock;

/** The public status page and JSON API. It starts and serves whatever the database does. */
public class WebApplication extends Application<WebConfiguration> {

  @Override
  public String getName() {
    return "statuslog-web";
  }

  @Override
  public void initialize(Bootstrap<WebConfiguration> bootstrap) {
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  }

  @Override
  public void run(WebConfiguration config, Environment environment) {
    // The pool connects lazily, so an unreachable database never stops the web tier starting.
    ManagedDataSource dataSource = config.getDatabase().build(environment.metrics(), "read-model");
    environment.lifecycle().manage(dataSource);
    GenerationLocator generations = new GenerationLocator(dataSource, config.getReadModel().getMaxVersion(), Clock.systemUTC());
    generations.listen(config.getDatabase().getUrl(), config.getDatabase().getUser(), config.getDatabase().getPassword());
    environment.lifecycle().manage(new AutoCloseableManager(generations));
    SummaryDao summaryDao = new SummaryDao(dataSource);
    SummaryService summaries =
        new SummaryService(
            now -> {
              GenerationLocator.Located generation = generations.current();
              return new SummaryService.Read(summaryDao.publicChecks(generation.schema(), now), generation.live());
            },
            Clock.systemUTC());

    environment.jersey().register(new SummaryResource(summaries));
    environment.jersey().register(new StatusPageResource(summaries));
    environment.jersey().register(new ProblemExceptionMapper());
    environment.healthChecks().register("read-model", new ReadModelHealthCheck(summaries));
  }
}
