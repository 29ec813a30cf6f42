package io.statuslog.checker.probe;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import io.statuslog.checker.core.ProbeOutcome;
import io.statuslog.checker.core.Target;
import java.io.FileInputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Not a test: a standalone run that measures what probing costs, in CPU time of this JVM per
 * 1 000 probes, against a server in another process (nginx, as blackbox_exporter was measured).
 *
 * <pre>
 * java -cp ... io.statuslog.checker.probe.ProbeCpuMeasurement URL [probes] [concurrency] [rate/s] [trusted-cert.pem]
 *   URL: http(s)://host:port/path, tcp://host:port, tls://host:port, or push://x for the baseline
 *   rate/s 0 (default) probes as fast as the concurrency allows; otherwise paced, as the scheduler paces
 * </pre>
 */
public final class ProbeCpuMeasurement {
  public static void main(String[] args) throws Exception {
    URI url = URI.create(args[0]);
    int probes = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    int rate = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    KeyStore trust = args.length > 4 ? trusting(args[4]) : null;
    Target target = switch (url.getScheme()) {
      case "http", "https" -> new Target.Http(url, "GET", Map.of(), Optional.empty(), true, 10, trust != null || url.getScheme().equals("http"), false, 200, Optional.empty());
      case "tcp" -> new Target.Tcp(url.getHost(), url.getPort(), Optional.empty(), Optional.empty());
      case "tls" -> new Target.Tls(url.getHost(), url.getPort());
      case "push" -> new Target.Push(url, Duration.ZERO, java.util.Optional.empty()); // no I/O: what pacing and the JVM cost alone
      default -> throw new IllegalArgumentException("http, https, tcp or tls: " + url);
    };
    NetworkProber prober = new NetworkProber(Clock.systemUTC(), trust);
    Duration timeout = Duration.ofSeconds(5);

    run(prober, target, timeout, Math.max(2_000, probes / 4), concurrency, 0); // warm-up: JIT, TLS, caches
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    long wallBefore = System.nanoTime();
    long[] times = run(prober, target, timeout, probes, concurrency, rate);
    long cpu = os.getProcessCpuTime() - cpuBefore;
    long wall = System.nanoTime() - wallBefore;

    Arrays.sort(times);
    System.out.printf("%s: %d probes (%d failed), concurrency %d, %s%n", url, probes, failures.get(), concurrency, rate == 0 ? "unpaced" : rate + "/s");
    System.out.printf("  wall %.1f s, CPU %.2f s: %.0f ms CPU per 1000 probes, %.0f probes per CPU-second, %.0f%% of one core%n",
        wall / 1e9, cpu / 1e9, cpu / 1e6 / probes * 1000, probes / (cpu / 1e9), 100.0 * cpu / wall);
    System.out.printf("  response time p50 %.2f ms, p95 %.2f ms%n", times[times.length / 2] / 1e6, times[(int) (times.length * 0.95)] / 1e6);

    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 1_000; i++) {
      prober.probe(target, timeout);
    }
    System.out.printf("  allocated per probe (on the probing thread): %.1f KiB%n", (threads.getCurrentThreadAllocatedBytes() - allocatedBefore) / 1000.0 / 1024);
  }

  private static final AtomicInteger failures = new AtomicInteger();

  private static long[] run(NetworkProber prober, Target target, Duration timeout, int probes, int concurrency, int rate) throws Exception {
    failures.set(0);
    long[] times = new long[probes];
    Semaphore slots = new Semaphore(concurrency);
    long start = System.nanoTime();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < probes; i++) {
        if (rate > 0) {
          long due = start + (long) (i * 1e9 / rate);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
        slots.acquire();
        int index = i;
        executor.execute(() -> {
          try {
            ProbeOutcome outcome = prober.probe(target, timeout);
            times[index] = outcome.facts().responseTime().toNanos();
            if (outcome.failure().isPresent()) {
              if (failures.incrementAndGet() == 1) {
                System.out.println("  first failure: " + outcome.failure().get());
              }
            }
          } finally {
            slots.release();
          }
        });
      }
    }
    return times;
  }

  private static KeyStore trusting(String pem) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (FileInputStream in = new FileInputStream(pem)) {
      store.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    return store;
  }
}
