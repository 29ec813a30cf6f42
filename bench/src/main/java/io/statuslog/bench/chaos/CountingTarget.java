package io.statuslog.bench.chaos;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The target every check probes: {@code GET /<check id>} answers 200 and counts one probe of
 * that check. It lives in the drill's own JVM and is never killed, so its counts are the
 * reference the log and the read model are held to.
 */
final class CountingTarget implements AutoCloseable {
  private final Map<String, AtomicLong> answered = new ConcurrentHashMap<>();
  private final HttpServer server;

  CountingTarget() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", exchange -> {
      answered.computeIfAbsent(exchange.getRequestURI().getPath().substring(1), check -> new AtomicLong()).incrementAndGet();
      // One connection per probe, so one request is one probe: a GET that races the closing of
      // a kept-alive connection is sent again by the client, and may then be counted twice.
      exchange.getResponseHeaders().set("Connection", "close");
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Probes answered so far, per check. */
  Map<String, Long> answered() {
    Map<String, Long> counts = new TreeMap<>();
    answered.forEach((check, count) -> counts.put(check, count.get()));
    return counts;
  }

  long total() {
    return answered.values().stream().mapToLong(AtomicLong::get).sum();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
