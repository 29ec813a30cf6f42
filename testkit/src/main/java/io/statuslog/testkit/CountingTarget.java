package io.statuslog.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP target for checks that counts the probes it answered, per path: the first number of
 * the count that proves the promise (probes answered = results in the log = results counted by
 * the read model). It answers every request with the status a test sets, 200 at first.
 */
public final class CountingTarget implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger status = new AtomicInteger(200);
  private final Map<String, AtomicLong> answered = new ConcurrentHashMap<>();

  private CountingTarget(HttpServer server) {
    this.server = server;
  }

  public static CountingTarget start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    CountingTarget target = new CountingTarget(server);
    server.createContext("/", exchange -> {
      target.answered.computeIfAbsent(exchange.getRequestURI().getPath().substring(1), path -> new AtomicLong()).incrementAndGet();
      exchange.sendResponseHeaders(target.status.get(), -1);
      exchange.close();
    });
    server.start();
    return target;
  }

  /** The URL of a path on this target, e.g. {@code url("api")}. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
  }

  public void answerWith(int httpStatus) {
    status.set(httpStatus);
  }

  /** Probes answered, per path (without the leading slash). */
  public Map<String, Long> answered() {
    Map<String, Long> counts = new TreeMap<>();
    answered.forEach((path, count) -> counts.put(path, count.get()));
    return counts;
  }

  public long total() {
    return answered.values().stream().mapToLong(AtomicLong::get).sum();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
