package io.statuslog.bench.scale;

import io.statuslog.checker.core.ScheduleLag;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives blackbox_exporter as Prometheus would: every target asked for on its own fixed-rate
 * schedule ({@code GET /probe?target=...&module=http_2xx}), first requests spread over the
 * interval, each request on a virtual thread, over kept-alive connections to the exporter (as
 * Prometheus keeps its scrape connections). It is the same shape as the checker's scheduler, so
 * the two are driven at the same rate in the same way; its own lateness is counted as the
 * checker counts its own.
 */
final class BlackboxDriver implements AutoCloseable {
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("driver-ticks").daemon().factory());
  private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private final ScheduleLag lag = new ScheduleLag();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final String exporter;
  private final Duration scrapeTimeout;

  BlackboxDriver(String exporterBaseUrl, Duration scrapeTimeout) {
    this.exporter = exporterBaseUrl;
    this.scrapeTimeout = scrapeTimeout;
  }

  void start(List<String> targets, Duration interval) {
    long intervalNanos = interval.toNanos();
    for (String target : targets) {
      long firstDelay = ThreadLocalRandom.current().nextLong(intervalNanos);
      long firstDue = System.nanoTime() + firstDelay;
      HttpRequest request = HttpRequest.newBuilder(URI.create(exporter + "/probe?module=http_2xx&target=" + URLEncoder.encode(target, StandardCharsets.UTF_8)))
          .header("X-Prometheus-Scrape-Timeout-Seconds", Long.toString(scrapeTimeout.toSeconds()))
          .timeout(scrapeTimeout.plusSeconds(5))
          .build();
      ticks.scheduleAtFixedRate(() -> fire(target, request, firstDue, intervalNanos), firstDelay, intervalNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void fire(String target, HttpRequest request, long firstDue, long intervalNanos) {
    if (!running.add(target)) {
      skipped.incrementAndGet();
      return;
    }
    requests.execute(() -> {
      try {
        long sinceFirst = System.nanoTime() - firstDue;
        lag.record(Duration.ofNanos(sinceFirst < 0 ? 0 : sinceFirst % intervalNanos));
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("\nprobe_success 1")) {
          succeeded.incrementAndGet();
        } else {
          failed.incrementAndGet();
        }
      } catch (Exception e) {
        failed.incrementAndGet();
      } finally {
        running.remove(target);
      }
    });
  }

  /** Lateness of the requests started since the last call. */
  ScheduleLag.Snapshot lagSinceLast() {
    return lag.takeSnapshot();
  }

  long succeeded() {
    return succeeded.get();
  }

  long failed() {
    return failed.get();
  }

  long skipped() {
    return skipped.get();
  }

  @Override
  public void close() throws InterruptedException {
    ticks.shutdownNow();
    requests.shutdown();
    requests.awaitTermination(30, TimeUnit.SECONDS);
    client.close();
  }
}
