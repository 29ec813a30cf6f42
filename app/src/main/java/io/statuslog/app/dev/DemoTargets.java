package io.statuslog.app.dev;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * Endpoints for dev mode to probe: {@code /up} always answers 200, {@code /flaky} alternates
 * between 200 and 500 every {@link #FLAP_PERIOD}, {@code /slow} answers 200 after
 * {@link #SLOW_DELAY}; and a push check no one probes, for the person trying dev to call.
 */
public final class DemoTargets implements AutoCloseable {
  public static final Duration FLAP_PERIOD = Duration.ofSeconds(20);
  public static final Duration SLOW_DELAY = Duration.ofMillis(1500);

  /**
   * The demo push check's token: fixed, so dev prints the same push URL on every start (the log
   * keeps only its hash). Dev only: a real check's token is issued by checks apply.
   */
  public static final String PUSH_TOKEN = "dev-demo-heartbeat-token";

  private final HttpServer server;

  private DemoTargets(HttpServer server) {
    this.server = server;
  }

  /** On {@code port} (0: any free one). A fixed port keeps the demo checks' URLs, so a restart changes no definition. */
  public static DemoTargets start(Clock clock, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/up", exchange -> answer(exchange, 200));
    server.createContext(
        "/flaky",
        exchange -> answer(exchange, (clock.millis() / FLAP_PERIOD.toMillis()) % 2 == 0 ? 200 : 500));
    server.createContext(
        "/slow",
        exchange -> {
          try {
            Thread.sleep(SLOW_DELAY);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          answer(exchange, 200);
        });
    server.start();
    return new DemoTargets(server);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * A checks file probing the three endpoints every five seconds, and a push check for a job to
   * call, as a cron job would.
   */
  public String checksYaml() {
    return """
        checks:
          - id: demo-up
            name: Always up
            component: Demo
            url: %1$s/up
            interval: 5s
            timeout: 3s
          - id: demo-flaky
            name: Flapping service
            component: Demo
            url: %1$s/flaky
            interval: 5s
            timeout: 3s
          - id: demo-slow
            name: Slow service
            component: Demo
            url: %1$s/slow
            interval: 5s
            timeout: 4s
            degradedAfter: 1s
          - id: demo-heartbeat
            name: Nightly job (push)
            component: Demo
            type: push
            interval: 1m
            grace: 30s
            token: %2$s
        """
        .formatted(baseUrl(), PUSH_TOKEN);
  }

  private static void answer(HttpExchange exchange, int status) throws IOException {
    byte[] body = (status == 200 ? "ok\n" : "failing\n").getBytes();
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
