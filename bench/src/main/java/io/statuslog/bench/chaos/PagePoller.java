package io.statuslog.bench.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Asks for the status page every second, as a visitor would, and counts the answers that were
 * not 200 while the web process ran. A process that has not answered once since it started is
 * still starting, and one the drill killed while a request was out is not to blame: neither
 * counts. A slow answer counts as a failure: a page that takes longer than {@link #TIMEOUT} is
 * dark to its visitors.
 */
final class PagePoller implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** What the poller saw; {@code failures} is the figure that must be 0. */
  record Figures(long polls, long ok, long failures, long whileStarting, long whileDown) {}

  private final Role web;
  private final URI page;
  private final Consumer<String> say;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final AtomicLong polls = new AtomicLong();
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong whileStarting = new AtomicLong();
  private final AtomicLong whileDown = new AtomicLong();
  private final Thread thread;
  private volatile int servingIncarnation = -1;
  private volatile boolean stopped;

  PagePoller(Role web, int port, Consumer<String> say) {
    this.web = web;
    this.page = URI.create("http://127.0.0.1:" + port + "/");
    this.say = say;
    this.thread = Thread.ofPlatform().daemon().name("page-poller").start(this::run);
  }

  private void run() {
    while (!stopped) {
      long next = System.nanoTime() + Duration.ofSeconds(1).toNanos();
      pollOnce();
      long rest = next - System.nanoTime();
      if (rest > 0) {
        try {
          Thread.sleep(Duration.ofNanos(rest));
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private void pollOnce() {
    polls.incrementAndGet();
    int incarnation = web.incarnation();
    if (!web.isRunning()) {
      whileDown.incrementAndGet();
      return;
    }
    String failure;
    try {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(page).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() == 200) {
        ok.incrementAndGet();
        servingIncarnation = incarnation;
        return;
      }
      failure = "HTTP " + response.statusCode();
    } catch (IOException e) {
      failure = e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    boolean sameProcessStillUp = web.incarnation() == incarnation && web.isRunning();
    if (!sameProcessStillUp) {
      whileDown.incrementAndGet(); // killed while the request was out
    } else if (servingIncarnation != incarnation && !failure.startsWith("HTTP")) {
      whileStarting.incrementAndGet(); // not listening yet
    } else {
      failures.incrementAndGet();
      say.accept("%s PAGE FAILURE web pid=%d: %s".formatted(LocalTime.now().truncatedTo(ChronoUnit.MILLIS), web.pid(), failure));
    }
  }

  Figures figures() {
    return new Figures(polls.get(), ok.get(), failures.get(), whileStarting.get(), whileDown.get());
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    thread.interrupt();
    thread.join();
  }
}
