package io.statuslog.bench.scale;

import io.statuslog.bench.chaos.Role;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * nginx from the distribution's package, started as a process of its own with a configuration
 * written here: one worker, a page of 100-odd bytes, no keep-alive (every probe of either prober
 * opens and closes a connection, and nginx treats them alike), and an access log of one line
 * per request, buffered so logging costs it little.
 */
final class NginxTarget implements ProbeTarget {
  static final String PAGE = "<!doctype html><html><head><title>ok</title></head><body><p>Statuslog scale benchmark target.</p></body></html>\n";

  private final Role nginx;
  private final int port;
  private final Path accessLog;
  private final String version;

  private NginxTarget(Role nginx, int port, Path accessLog, String version) {
    this.nginx = nginx;
    this.port = port;
    this.accessLog = accessLog;
    this.version = version;
  }

  /** The nginx binary, if one is installed. */
  static Optional<Path> binary() {
    for (String candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Optional.of(Path.of(candidate));
      }
    }
    return Optional.empty();
  }

  static NginxTarget start(Path binary, Path dir, int port) throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve("logs"));
    Path accessLog = dir.resolve("access.log");
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, """
        # Written by bench/checker.sh: the target of the scale benchmark.
        daemon off;
        master_process on;
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        events { worker_connections 4096; }
        http {
          client_body_temp_path %1$s/body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          log_format probes '$msec $uri $status';
          access_log %1$s/access.log probes buffer=256k flush=1s;
          keepalive_timeout 0;
          server_tokens off;
          server {
            listen 127.0.0.1:%2$d;
            default_type text/html;
            location / { return 200 '%3$s'; }
          }
        }
        """.formatted(dir, port, PAGE.replace("'", "\\'").replace("\n", "")));
    String version = new String(new ProcessBuilder(binary.toString(), "-v").redirectErrorStream(true).start().getInputStream().readAllBytes()).strip();
    Role nginx = new Role("nginx", List.of(binary.toString(), "-p", dir.toString(), "-e", dir.resolve("error.log").toString(), "-c", conf.toString()),
        dir.resolve("nginx.out"));
    nginx.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try (Socket probe = new Socket("127.0.0.1", port)) {
        break;
      } catch (IOException notYet) {
        if (!nginx.isAlive() || System.nanoTime() > deadline) {
          nginx.killQuietly();
          throw new IOException("nginx did not start; see " + dir.resolve("error.log") + " and " + dir.resolve("nginx.out"));
        }
        Thread.sleep(100);
      }
    }
    return new NginxTarget(nginx, port, accessLog, version);
  }

  @Override
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public String describe() {
    return version.replace("nginx version: ", "") + " (pid " + nginx.pid() + ", 1 worker, no keep-alive)";
  }

  @Override
  public Path flushedAccessLog() throws InterruptedException {
    Thread.sleep(2_500); // flush=1s
    return accessLog;
  }

  @Override
  public void close() throws InterruptedException {
    nginx.stop(Duration.ofSeconds(10));
  }
}
