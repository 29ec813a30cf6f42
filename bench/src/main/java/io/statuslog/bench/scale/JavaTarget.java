package io.statuslog.bench.scale;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * The target when nginx is not installed: the JDK's HTTP server in the benchmark's own JVM,
 * answering the same page, closing every connection, and writing the same access log lines.
 * It shares the benchmark JVM's CPU, which does not count against either prober.
 */
final class JavaTarget implements ProbeTarget {
  private final HttpServer server;
  private final Path accessLog;
  private final BufferedWriter log;

  JavaTarget(Path dir) throws IOException {
    Files.createDirectories(dir);
    accessLog = dir.resolve("access.log");
    log = Files.newBufferedWriter(accessLog, StandardCharsets.UTF_8);
    byte[] page = NginxTarget.PAGE.getBytes(StandardCharsets.UTF_8);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", exchange -> {
      exchange.getResponseHeaders().set("Connection", "close");
      exchange.getResponseHeaders().set("Content-Type", "text/html");
      exchange.sendResponseHeaders(200, page.length);
      exchange.getResponseBody().write(page);
      exchange.close();
      long now = System.currentTimeMillis();
      String line = "%d.%03d %s 200%n".formatted(now / 1000, now % 1000, exchange.getRequestURI().getPath());
      synchronized (log) {
        log.write(line);
      }
    });
    server.start();
  }

  @Override
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public String describe() {
    return "the JDK's HTTP server in the benchmark JVM (nginx is not installed)";
  }

  @Override
  public Path flushedAccessLog() throws IOException {
    synchronized (log) {
      log.flush();
    }
    return accessLog;
  }

  @Override
  public void close() throws IOException {
    server.stop(0);
    synchronized (log) {
      log.close();
    }
  }
}
