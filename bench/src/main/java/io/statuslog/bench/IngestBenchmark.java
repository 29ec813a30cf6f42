package io.statuslog.bench;

import io.statuslog.checker.http.IngestDestination;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.Outcome;
import io.statuslog.schemas.events.ProbeTimings;
import io.statuslog.schemas.kafka.AvroSerde;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.ResultRecords;
import io.statuslog.schemas.kafka.Topic;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The client side of bench/ingest.sh: results accepted per second by one ingest node from N
 * concurrent agents, each posting batches of B results (JSON, as the agent posts them) and
 * waiting for the 202 before the next, next to a bare Kafka producer (idempotent, acks=all, the
 * producer settings every Statuslog writer uses) sending the same results from N threads, a
 * record each as a checker writes them, each thread waiting for Kafka's acks of its batch before
 * the next: the results into the log without ingest. For reference, the same producer also sends
 * each batch as the one record ingest writes for it, encoded up front: ingest's Kafka work alone,
 * without HTTP, JSON and validation. Both run once first (warm-up, not the figure). Then ingest again
 * at half its peak rate, open loop (each batch sent at its scheduled time, its latency counted
 * from then, so a stall is not hidden by the clients waiting it out), for p50/p99. The agents
 * post with {@link KeepAliveClient}, so the cores go to what is measured.
 *
 * <p>Arguments: ingest URL, Kafka bootstrap, tokens file (one agent per line), batch size, seconds per run.
 */
public final class IngestBenchmark {
  private static final int BATCHES_PER_CLIENT = 20;
  /** The checks the results are of, check-0 to check-199; the server applies them. */
  static final int CHECKS = 200;
  /**
   * Long enough for the JIT on two busy cores. The server JVM holds a broker, Jetty, Jersey and
   * Kafka's clients, and C2 was still compiling their large methods two minutes in: after 25 s
   * of warm-up a compiler thread was busy half of the measured window, and ingest measured a
   * third lower than after 75 s.
   */
  private static final Duration WARM_UP = Duration.ofSeconds(75);

  /** One request of one client: true when it was taken (202, or every ack). */
  @FunctionalInterface
  private interface Operation {
    boolean run(int client, long index) throws Exception;
  }

  /** What a run measured: batches taken, refused, over how long, and each latency in nanoseconds. */
  private record Run(long taken, long refused, double seconds, long[] latencies) {
    double batchesPerSecond() {
      return taken / seconds;
    }

    double millis(double percentile) {
      if (latencies.length == 0) {
        return Double.NaN;
      }
      return latencies[(int) Math.min(latencies.length - 1, Math.ceil(percentile * latencies.length) - 1)] / 1e6;
    }
  }

  public static void main(String[] args) throws Exception {
    AvroSerde.trustEvents();
    URI results = URI.create(args[0] + "/v1/results");
    KafkaSettings baseline = new KafkaSettings(args[1], "baseline", 3, (short) 1, Map.of());
    List<String> tokens = Files.readAllLines(Path.of(args[2]));
    int batch = Integer.parseInt(args[3]);
    Duration run = Duration.ofSeconds(Long.parseLong(args[4]));
    int clients = tokens.size();

    List<List<List<CheckResult>>> records = new ArrayList<>();
    List<List<byte[]>> bodies = new ArrayList<>();
    for (int client = 0; client < clients; client++) {
      records.add(batches(client, batch));
      bodies.add(records.get(client).stream().map(IngestBenchmark::body).toList());
    }
    List<KeepAliveClient> http = new ArrayList<>();
    for (int client = 0; client < clients; client++) {
      http.add(new KeepAliveClient(results, "Authorization: Bearer " + tokens.get(client), "Content-Type: application/json"));
    }
    Operation post = (client, index) -> http.get(client).post(bodies.get(client).get((int) (index % BATCHES_PER_CLIENT))) == 202;

    Topic<String, CheckResult> topic = baseline.topics().checkResults();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(baseline.producerProperties("bench-baseline"), new StringSerializer(), new ByteArraySerializer())) {
      Operation produce = (client, index) -> {
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch);
        for (CheckResult result : records.get(client).get((int) (index % BATCHES_PER_CLIENT))) {
          acks.add(producer.send(new ProducerRecord<>(topic.name(), result.getCheckId(), topic.valueSerde().serializer().serialize(topic.name(), result))));
        }
        for (Future<RecordMetadata> ack : acks) {
          ack.get();
        }
        return true;
      };
      // Ingest's own Kafka work: each batch as the one record ingest writes, encoded once up front.
      List<List<byte[]>> batchRecords = records.stream().map(batches -> batches.stream().map(ResultRecords::encodeBatch).toList()).toList();
      Operation produceBatch = (client, index) -> {
        producer.send(new ProducerRecord<>(topic.name(), "bench-" + client, batchRecords.get(client).get((int) (index % BATCHES_PER_CLIENT)))).get();
        return true;
      };

      System.out.printf("%d clients, batches of %d results, %d s per run; one ingest node and its embedded broker in one JVM, clients in another, %d cores shared%n",
          clients, batch, run.toSeconds(), Runtime.getRuntime().availableProcessors());
      Run warmProducer = closedLoop(clients, WARM_UP, produce);
      Run warmIngest = closedLoop(clients, WARM_UP, post);
      System.out.printf("warm-up (not the figure): producer %,.0f records/s, ingest %,.0f results/s%n",
          warmProducer.batchesPerSecond() * batch, warmIngest.batchesPerSecond() * batch);

      Run bare = closedLoop(clients, run, produce);
      Run ingest = closedLoop(clients, run, post);
      double bareRate = bare.batchesPerSecond() * batch;
      double ingestRate = ingest.batchesPerSecond() * batch;
      System.out.println();
      print("bare Kafka producer (baseline)", bare, batch, String.format("%,10.0f records/s", bareRate));
      print("ingest POST /v1/results", ingest, batch, String.format("%,10.0f results/s  (%.0f%% of the producer; goal >= 50%%)", ingestRate, 100 * ingestRate / bareRate));

      double halfBatches = ingest.batchesPerSecond() / 2;
      Run paced = openLoop(clients, run, halfBatches, post);
      print("ingest at half peak, open loop", paced, batch,
          String.format("%,10.0f results/s  (asked %,.0f; goal p99 < 50 ms)", paced.batchesPerSecond() * batch, halfBatches * batch));

      // Last, after what is measured: it writes gigabytes in 30 s, which the kernel then writes
      // back to disk on the same two cores.
      Run bareBatches = closedLoop(clients, run, produceBatch);
      print("bare producer, a record per batch", bareBatches, batch, String.format("%,10.0f results/s  (ingest's Kafka work alone, for reference)", bareBatches.batchesPerSecond() * batch));
    }
  }

  private static void print(String name, Run run, int batch, String rate) {
    System.out.printf("%-32s %s%n%-32s per batch of %d: p50 %.1f ms, p99 %.1f ms, max %.1f ms; %,d batches taken, %,d refused%n",
        name, rate, "", batch, run.millis(0.50), run.millis(0.99), run.millis(1.0), run.taken(), run.refused());
  }

  /** Each client sends its next batch as soon as the last one was taken. */
  private static Run closedLoop(int clients, Duration length, Operation operation) throws InterruptedException {
    long start = System.nanoTime();
    long end = start + length.toNanos();
    return together(clients, start, (client, latencies, refused) -> {
      long index = 0;
      while (System.nanoTime() < end) {
        long sent = System.nanoTime();
        boolean taken = operation.run(client, index++);
        latencies.add(System.nanoTime() - sent, taken, refused);
      }
    });
  }

  /**
   * Batches at a fixed rate spread over the clients, each sent at its scheduled time (or at once
   * when the client is behind), its latency counted from the scheduled time.
   */
  private static Run openLoop(int clients, Duration length, double batchesPerSecond, Operation operation) throws InterruptedException {
    long intervalNanos = (long) (clients * 1e9 / batchesPerSecond);
    long start = System.nanoTime();
    long end = start + length.toNanos();
    return together(clients, start, (client, latencies, refused) -> {
      long scheduled = start + intervalNanos * client / clients;
      for (long index = 0; scheduled < end; index++, scheduled += intervalNanos) {
        long wait = scheduled - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        boolean taken = operation.run(client, index);
        latencies.add(System.nanoTime() - scheduled, taken, refused);
      }
    });
  }

  /** A client's latencies, growing as needed. */
  private static final class Latencies {
    private long[] values = new long[1024];
    private int size;
    private long taken;

    void add(long nanos, boolean wasTaken, AtomicLong refused) {
      if (!wasTaken) {
        refused.incrementAndGet();
        return;
      }
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = nanos;
      taken++;
    }
  }

  @FunctionalInterface
  private interface Client {
    void run(int client, Latencies latencies, AtomicLong refused) throws Exception;
  }

  private static Run together(int clients, long start, Client body) throws InterruptedException {
    List<Latencies> all = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    AtomicLong refused = new AtomicLong();
    for (int client = 0; client < clients; client++) {
      Latencies latencies = new Latencies();
      all.add(latencies);
      int id = client;
      threads.add(Thread.ofPlatform().name("bench-client-" + client).start(() -> {
        try {
          body.run(id, latencies, refused);
        } catch (Exception e) {
          throw new IllegalStateException("client " + id + " failed", e);
        }
      }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] merged = all.stream().flatMapToLong(latencies -> Arrays.stream(latencies.values, 0, latencies.size)).sorted().toArray();
    return new Run(all.stream().mapToLong(latencies -> latencies.taken).sum(), refused.get(), seconds, merged);
  }

  /** A client's batches: results as an agent's spool numbers them, 200 checks, a few DOWN with a reason. */
  private static List<List<CheckResult>> batches(int client, int size) {
    String spoolId = String.format("%016x", client + 1);
    Instant now = Instant.now();
    List<List<CheckResult>> batches = new ArrayList<>();
    long sequence = 0;
    for (int b = 0; b < BATCHES_PER_CLIENT; b++) {
      List<CheckResult> results = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        sequence++;
        boolean down = sequence % 50 == 0;
        results.add(CheckResult.newBuilder()
            .setResultId(UUID.randomUUID().toString())
            .setCheckId("check-" + (sequence % CHECKS))
            .setRegion("bench")
            .setAgent("bench-" + client)
            .setStartedAt(now.minusMillis(1000 * (BATCHES_PER_CLIENT * size - sequence)))
            .setDurationMs(20 + sequence % 300)
            .setOutcome(down ? Outcome.DOWN : Outcome.UP)
            .setHttpStatus(down ? 503 : 200)
            .setErrorMessage(down ? "[STATUS] (503) == 200" : null)
            .setSpoolId(spoolId)
            .setSequence(sequence)
            .setTimings(new ProbeTimings(1L, 2L, null, 15L))
            .build());
      }
      batches.add(results);
    }
    return batches;
  }

  private static byte[] body(List<CheckResult> results) {
    return IngestDestination.array(results.stream().map(IngestDestination::json).toList());
  }
}
