package io.statuslog.ingest.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statuslog.http.Problem;
import io.statuslog.http.ProblemException;
import io.statuslog.ingest.api.Accepted;
import io.statuslog.ingest.core.Agent;
import io.statuslog.ingest.core.RateLimiter;
import io.statuslog.ingest.core.ResultBatch;
import io.statuslog.ingest.kafka.LogView;
import io.statuslog.ingest.kafka.ResultWriter;
import io.statuslog.schemas.events.CheckResult;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/results}: a batch of results from a remote agent, as a JSON array. Checked in
 * this order, each refusal writing nothing: the token (401), the content type (415), the size
 * (413), the JSON and every field of every result (400, each problem named by index and field),
 * the region and agent the token allows (403), the agent's rate (429 with Retry-After), the size
 * of the batch as one log record (413). Then the batch goes to Kafka as one record, and 202 is
 * answered only once Kafka acknowledged it; 503 when it did not in time.
 */
@Path("/v1/results")
public final class ResultsResource {
  private static final Logger LOG = LoggerFactory.getLogger(ResultsResource.class);
  /**
   * A field given twice is refused (which one counts would be a guess). Found as the tree is
   * built, where the second value replaces the first, rather than by the parser's detection,
   * which keeps a set of every object's names and cost a twentieth of ingest's time.
   */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .nodeFactory(new RoomyObjects())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .build();
  /** How Jackson words a field given twice, up to the field's name; the rest names a Java feature. */
  private static final String DUPLICATE_FIELD = "Duplicate field '";

  /**
   * Objects made with room for a result's fields: the default table holds twelve, so every result
   * of every batch grew its table once as the tree was built, about a tenth of the time building it.
   */
  private static final class RoomyObjects extends JsonNodeFactory {
    @Override
    public ObjectNode objectNode() {
      return new ObjectNode(this, new LinkedHashMap<>(32));
    }
  }

  private final LogView view;
  private final AgentAuth auth;
  private final ResultWriter writer;
  private final RateLimiter rateLimiter;
  private final ResultBatch.Limits limits;
  private final long maxBytes;
  private final Duration ackTimeout;
  private final Clock clock;

  public ResultsResource(LogView view, ResultWriter writer, RateLimiter rateLimiter, ResultBatch.Limits limits, long maxBytes,
      Duration ackTimeout, Clock clock) {
    this.view = view;
    this.auth = new AgentAuth(view, ackTimeout);
    this.writer = writer;
    this.rateLimiter = rateLimiter;
    this.limits = limits;
    this.maxBytes = maxBytes;
    this.ackTimeout = ackTimeout;
    this.clock = clock;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  public Response post(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength, InputStream body) {
    Agent agent = auth.require(authorization);
    requireJson(contentType);
    if (contentLength != null && contentLength > maxBytes) {
      throw tooLarge("the body is " + contentLength + " bytes; send at most " + maxBytes + " per request");
    }
    JsonNode batch = parse(readAtMost(body));
    List<CheckResult> results = switch (ResultBatch.parse(batch, agent, view.definitions(), clock.instant(), limits)) {
      case ResultBatch.Valid valid -> valid.results();
      case ResultBatch.Invalid invalid -> throw refused(agent, invalid);
    };
    Optional<Duration> wait = rateLimiter.take(agent.name(), results.size());
    if (wait.isPresent()) {
      long seconds = RateLimiter.retryAfterSeconds(wait.get());
      LOG.info("batch refused: rate limit agent={} results={} retryAfter={}s", agent.name(), results.size(), seconds);
      throw new ProblemException(429, "Too Many Requests", "agent " + agent.name() + " is over its rate limit; nothing was written; post the same batch again in "
          + seconds + " s").withHeader(HttpHeaders.RETRY_AFTER, seconds);
    }
    int written = await(agent, results);
    LOG.info("batch written agent={} region={} results={} spools={}", agent.name(), agent.region(), written, spoolRanges(results));
    return Response.accepted(new Accepted(written, agent.name(), agent.region())).type(MediaType.APPLICATION_JSON_TYPE).build();
  }

  private int await(Agent agent, List<CheckResult> results) {
    try {
      // The writer always answers, within about three ack timeouts; this bound is only a backstop.
      return writer.write(agent.name(), results).get(ackTimeout.multipliedBy(4).toMillis(), TimeUnit.MILLISECONDS);
    } catch (ResultWriter.TooLarge e) {
      LOG.info("batch refused: too large as a record agent={} results={} detail={}", agent.name(), results.size(), e.getMessage());
      throw tooLarge(e.getMessage());
    } catch (ExecutionException e) {
      String retry = e.getCause() instanceof ResultWriter.OutcomeUnknown
          ? "; post the same batch again: a batch posted twice counts once"
          : "; post the same batch again";
      LOG.warn("batch not written agent={} results={} reason={}", agent.name(), results.size(), e.getCause().getMessage());
      throw AgentAuth.unavailable(e.getCause().getMessage() + retry);
    } catch (TimeoutException e) {
      throw AgentAuth.unavailable("Kafka did not acknowledge the results in time; they may or may not be recorded; post the same batch again: a batch posted twice counts once");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AgentAuth.unavailable("interrupted; the results may or may not be recorded; post the same batch again: a batch posted twice counts once");
    }
  }

  /** Each spool's first and last number in the batch, {@code eu-1/spool-a#1..20}: which results a log line is about. */
  static String spoolRanges(List<CheckResult> results) {
    Map<String, long[]> ranges = new LinkedHashMap<>();
    for (CheckResult result : results) {
      long[] range = ranges.computeIfAbsent(result.getSpoolId(), spool -> new long[] {result.getSequence(), result.getSequence()});
      range[1] = result.getSequence();
    }
    StringJoiner joined = new StringJoiner(",");
    ranges.forEach((spool, range) -> joined.add(spool + "#" + range[0] + ".." + range[1]));
    return joined.toString();
  }

  private static void requireJson(String contentType) {
    MediaType type;
    try {
      type = contentType == null ? null : MediaType.valueOf(contentType);
    } catch (IllegalArgumentException e) {
      type = null;
    }
    if (type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || type.isWildcardType() || type.isWildcardSubtype()) {
      throw new ProblemException(Response.Status.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json, got "
          + (contentType == null ? "none" : contentType) + "; nothing was written");
    }
  }

  private byte[] readAtMost(InputStream body) {
    try {
      byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        throw tooLarge("the body is over " + maxBytes + " bytes; send at most " + maxBytes + " per request");
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the request body", e);
    }
  }

  private static JsonNode parse(byte[] bytes) {
    if (bytes.length == 0) {
      throw ProblemException.badRequest("the body is empty; send a JSON array of results; nothing was written");
    }
    try {
      return JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      String message = e.getOriginalMessage();
      if (message.startsWith(DUPLICATE_FIELD) && message.indexOf('\'', DUPLICATE_FIELD.length()) > 0) {
        message = message.substring(0, message.indexOf('\'', DUPLICATE_FIELD.length()) + 1);
      }
      String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw ProblemException.badRequest("the body is not valid JSON: " + message + at + "; nothing was written");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ProblemException tooLarge(String detail) {
    return new ProblemException(Response.Status.REQUEST_ENTITY_TOO_LARGE, detail + "; nothing was written");
  }

  private static ProblemException refused(Agent agent, ResultBatch.Invalid invalid) {
    List<Problem.Violation> errors = invalid.violations().stream()
        .map(violation -> new Problem.Violation(violation.index(), violation.field(), violation.detail()))
        .toList();
    Response.Status status = switch (invalid.refusal()) {
      case MALFORMED -> Response.Status.BAD_REQUEST;
      case FORBIDDEN -> Response.Status.FORBIDDEN;
      case TOO_LARGE -> Response.Status.REQUEST_ENTITY_TOO_LARGE;
    };
    LOG.info("batch refused agent={} status={} problems={} first={}", agent.name(), status.getStatusCode(), invalid.violations().size(), invalid.detail());
    String detail = invalid.detail().endsWith("nothing was written") ? invalid.detail() : invalid.detail() + "; nothing was written";
    return new ProblemException(status, detail, errors);
  }
}
