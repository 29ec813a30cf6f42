package io.statuslog.ingest;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.lifecycle.AutoCloseableManager;
import io.statuslog.http.ProblemErrorHandler;
import io.statuslog.http.ProblemExceptionMapper;
import io.statuslog.ingest.core.RateLimiter;
import io.statuslog.ingest.core.ResultBatch;
import io.statuslog.ingest.health.KafkaHealthCheck;
import io.statuslog.ingest.kafka.LogView;
import io.statuslog.ingest.kafka.ResultWriter;
import io.statuslog.ingest.resources.AgentChecksResource;
import io.statuslog.ingest.resources.PushResource;
import io.statuslog.ingest.resources.ResultsResource;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP door into the log for what Statuslog's own checkers do not probe: results that remote
 * agents in other regions post in batches, and heartbeats that push monitors send. Every request
 * is decided against the log (agents, check definitions) and answered only once Kafka acknowledged
 * what it wrote, or refused having written nothing. Kafka being down stops nothing from starting;
 * requests are then answered 503.
 */
public class IngestApplication extends Application<IngestConfiguration> {
  private static final Logger LOG = LoggerFactory.getLogger(IngestApplication.class);

  @Override
  public String getName() {
    return "statuslog-ingest";
  }

  @Override
  public void initialize(Bootstrap<IngestConfiguration> bootstrap) {
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  }

  @Override
  public void run(IngestConfiguration config, Environment environment) {
    IngestConfiguration.Ingest ingest = config.getIngest();
    // Our mapper answers every error as problem+json.
    ingest.getServer().setRegisterDefaultExceptionMappers(false);
    Clock clock = Clock.systemUTC();
    Duration ackTimeout = ingest.getAckTimeout().toJavaDuration();
    String instance = ingest.getInstanceId().orElseGet(() -> defaultInstanceId(ingest.getServer()));

    LogView view = new LogView(config.getKafka()).start();
    environment.lifecycle().manage(new AutoCloseableManager(view));
    ResultWriter writer = new ResultWriter(config.getKafka(), "statuslog-ingest-" + instance, ackTimeout);
    environment.lifecycle().manage(new AutoCloseableManager(writer));

    RateLimiter agentRates = new RateLimiter(ingest.getRateLimit().getPerSecond(), ingest.getRateLimit().getBurst(), System::nanoTime);
    RateLimiter pushRates = new RateLimiter(ingest.getPushRateLimit().getPerSecond(), ingest.getPushRateLimit().getBurst(), System::nanoTime);
    ResultBatch.Limits limits = new ResultBatch.Limits(ingest.getMaxBatchResults(), ingest.getMaxClockSkew().toJavaDuration(),
        ingest.getMaxResultAge().toJavaDuration());

    environment.jersey().register(new ResultsResource(view, writer, agentRates, limits, ingest.getMaxBatchSize().toBytes(), ackTimeout, clock));
    environment.jersey().register(new AgentChecksResource(view, ackTimeout, environment.getObjectMapper()));
    environment.jersey().register(new PushResource(view, writer, pushRates, ackTimeout, clock));
    environment.jersey().register(new ProblemExceptionMapper());
    environment.lifecycle().addServerLifecycleListener(server -> server.setErrorHandler(new ProblemErrorHandler()));
    environment.healthChecks().register("kafka", new KafkaHealthCheck(view, writer));
    LOG.info("ingest instance={} clientId={} maxBatchResults={} maxBatchSize={} ackTimeout={}", instance, writer.clientId(),
        ingest.getMaxBatchResults(), ingest.getMaxBatchSize(), ingest.getAckTimeout());
  }

  /**
   * The host name and the API port: the same after a restart, and different for two instances
   * on one host. A server on a random port (0) has no stable identity, so it gets a random one.
   */
  static String defaultInstanceId(DefaultServerFactory server) {
    int port = server.getApplicationConnectors().stream().filter(HttpConnectorFactory.class::isInstance).map(HttpConnectorFactory.class::cast)
        .mapToInt(HttpConnectorFactory::getPort).findFirst().orElse(0);
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
    } catch (UnknownHostException e) {
      host = "ingest";
    }
    host = host.substring(0, Math.min(host.length(), 80));
    return port == 0 ? host + "-" + UUID.randomUUID().toString().substring(0, 8) : host + "-" + port;
  }
}
