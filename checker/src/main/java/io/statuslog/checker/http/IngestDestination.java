package io.statuslog.checker.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statuslog.checker.core.BatchLimit;
import io.statuslog.checker.core.IngestReply;
import io.statuslog.checker.spool.DeadLetterFile;
import io.statuslog.checker.spool.Destination;
import io.statuslog.checker.spool.ResultSpool;
import io.statuslog.http.Problem;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.json.PlainJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's destination: ingest's {@code POST /v1/results}. A batch is at most 1000 results
 * and 1 MiB, and the spool's position moves only past a batch ingest answered 202 (Kafka
 * acknowledged it). A batch posted again after a lost answer counts once in the read model (its
 * results keep their spool sequence numbers), so every other answer is simply retried:
 * <ul>
 *   <li>413: the next batches are half as large;
 *   <li>429: again after Retry-After;
 *   <li>400 naming results: those are set aside in the spool directory's dead-letter file, with
 *       ingest's reason, and the rest goes on (one result ingest will never take must not stop
 *       the spool behind it); a 400 naming none is narrowed down by halving the batch;
 *   <li>401, 403 (and other refusals of the request): the results stay spooled and the agent
 *       goes on probing; tried again every minute, since only an operator can fix a token;
 *   <li>5xx and connection failures: again after the delivery's backoff.
 * </ul>
 * The agent leaves out the region and agent of each result: ingest takes both from the token.
 */
public final class IngestDestination implements Destination {
  private static final Logger LOG = LoggerFactory.getLogger(IngestDestination.class);
  static final int MAX_RESULTS = 1_000;
  static final long MAX_BYTES = 1024 * 1024;
  static final Duration DENIED_RETRY = Duration.ofMinutes(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final IngestClient client;
  private final DeadLetterFile deadLetters;
  private final BatchLimit limit;
  private final Clock clock;

  public IngestDestination(IngestClient client, DeadLetterFile deadLetters, Clock clock) {
    this(client, deadLetters, new BatchLimit(MAX_RESULTS, MAX_BYTES), clock);
  }

  IngestDestination(IngestClient client, DeadLetterFile deadLetters, BatchLimit limit, Clock clock) {
    this.client = client;
    this.deadLetters = deadLetters;
    this.limit = limit;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "ingest";
  }

  /** Ingest keeps no position of the agent's: the spool's is the only one. */
  @Override
  public Optional<Long> prepare() {
    return Optional.empty();
  }

  @Override
  public int maxBatch() {
    return MAX_RESULTS;
  }

  @Override
  public long deliver(List<ResultSpool.Entry> batch) throws InterruptedException {
    long before = batch.getFirst().seq() - 1;
    List<ResultSpool.Entry> pending = batch.stream().filter(entry -> !deadLetters.contains(entry.seq())).toList();
    if (pending.isEmpty()) {
      return batch.getLast().seq(); // every one of them is set aside already
    }
    List<byte[]> encoded = pending.stream().map(entry -> json(entry.result())).toList();
    int count = limit.take(encoded.stream().map(bytes -> bytes.length).toList());
    List<ResultSpool.Entry> sent = pending.subList(0, count);
    HttpResponse<byte[]> response;
    try {
      response = client.postResults(array(encoded.subList(0, count)));
    } catch (IOException e) {
      throw new Destination.Unavailable(client.describe(e), e);
    }
    IngestReply reply = IngestReply.of(response.statusCode(), response.headers().firstValue("Retry-After"), response.body());
    switch (reply) {
      case IngestReply.Accepted accepted -> {
        limit.accepted();
        LOG.debug("batch delivered results={} seq={}..{}", count, sent.getFirst().seq(), sent.getLast().seq());
        return sent.getLast().seq();
      }
      case IngestReply.TooLarge tooLarge -> {
        if (count == 1) {
          setAside(sent, List.of("ingest refuses it even alone: " + tooLarge.detail()));
        } else {
          limit.tooLarge(count);
          LOG.info("ingest refused a batch of {} results as too large; sending at most {} a batch: {}", count, limit.results(), tooLarge.detail());
        }
        return before;
      }
      case IngestReply.Refused refused -> {
        Map<Integer, String> named = named(refused.problems(), count);
        if (!named.isEmpty()) {
          setAside(named.keySet().stream().map(sent::get).toList(), List.copyOf(named.values()));
        } else if (count == 1) {
          setAside(sent, List.of(refused.detail()));
        } else {
          // Ingest named no result: halve the batch until the one it refuses is alone.
          limit.tooLarge(count);
          LOG.info("ingest refused a batch of {} results without naming one; sending at most {} a batch to find it: {}", count, limit.results(), refused.detail());
        }
        return before;
      }
      case IngestReply.Throttled throttled -> throw new Destination.Throttled(
          "ingest is rate limiting this agent, delivering at its pace (" + throttled.detail() + ")", throttled.retryAfter());
      case IngestReply.Denied denied -> throw new Destination.RetryAfter(denied(denied), DENIED_RETRY);
      case IngestReply.Failed failed -> throw new Destination.Unavailable("ingest did not take the batch: " + failed.detail(), null);
    }
  }

  /** Per result of the batch ingest named, every problem it has, in one line. */
  private static Map<Integer, String> named(List<Problem.Violation> problems, int count) {
    return problems.stream()
        .filter(problem -> problem.index() >= 0 && problem.index() < count)
        .collect(Collectors.groupingBy(Problem.Violation::index, LinkedHashMap::new,
            Collectors.mapping(problem -> (problem.field() == null || problem.field().isEmpty() ? "" : problem.field() + ": ") + problem.detail(),
                Collectors.joining("; "))));
  }

  private void setAside(List<ResultSpool.Entry> entries, List<String> reasons) {
    deadLetters.add(entries, reasons, clock.instant());
    for (int i = 0; i < entries.size(); i++) {
      CheckResult result = entries.get(i).result();
      LOG.warn("result set aside: ingest will never take it check={} result={} seq={} file={} reason={}",
          result.getCheckId(), result.getResultId(), entries.get(i).seq(), deadLetters.path(), reasons.get(i));
    }
  }

  private String denied(IngestReply.Denied denied) {
    String hint = switch (denied.status()) {
      case 401 -> "; set agent.token to the token statuslog agents add printed for this agent";
      case 403 -> "; the token may not write these results";
      case 404, 405 -> "; is agent.ingestUrl (" + client.base() + ") ingest's address?";
      default -> "";
    };
    return "ingest refused the agent's requests (" + denied.detail() + ")" + hint + "; results stay in the spool, probing goes on; trying again every "
        + DENIED_RETRY.toSeconds() + " s";
  }

  /** A result as ingest reads it: plain JSON without region and agent, which ingest takes from the token. */
  public static byte[] json(CheckResult result) {
    ObjectNode json = PlainJson.toJson(result);
    json.remove("region");
    json.remove("agent");
    try {
      return JSON.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JSON array of results, each already JSON: the body of one POST. */
  public static byte[] array(List<byte[]> results) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(results.stream().mapToInt(bytes -> bytes.length + 1).sum() + 2);
    out.write('[');
    for (int i = 0; i < results.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(results.get(i));
    }
    out.write(']');
    return out.toByteArray();
  }

  @Override
  public void close() {
    // Nothing held open: each request is its own.
  }
}
