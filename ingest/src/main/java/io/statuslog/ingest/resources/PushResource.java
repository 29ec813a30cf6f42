package io.statuslog.ingest.resources;

import io.statuslog.http.ProblemException;
import io.statuslog.ingest.api.PushAnswer;
import io.statuslog.ingest.core.PushBeat;
import io.statuslog.ingest.core.RateLimiter;
import io.statuslog.ingest.kafka.LogView;
import io.statuslog.ingest.kafka.ResultWriter;
import io.statuslog.schemas.events.CheckResult;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push monitors: {@code GET} or {@code POST /v1/push/{token}?status=up|down&msg=...&ping=MS}
 * records a heartbeat of the push check whose token it is, and so does the same request at
 * {@code /api/push/{token}}, Uptime Kuma's path: a job written for Kuma works by changing only
 * the host. Answers in Kuma's shape: 200 {@code {"ok":true}} once Kafka acknowledged the heartbeat;
 * otherwise {@code {"ok":false,"msg":"..."}} with 400 (a ping Kuma refuses too), 404 (no push
 * check has this token), 429 (more than the check's rate, with Retry-After), 503 (Kafka did not
 * acknowledge it; push again).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class PushResource {
  private static final Logger LOG = LoggerFactory.getLogger(PushResource.class);
  private static final int MAX_TOKEN = 256;
  /** Statuslog's path, and Uptime Kuma's. */
  private static final String PUSH_PATH = "{base: v1|api}/push/{token}";

  private final LogView view;
  private final ResultWriter writer;
  private final RateLimiter rateLimiter;
  private final Duration timeout;
  private final Clock clock;

  public PushResource(LogView view, ResultWriter writer, RateLimiter rateLimiter, Duration timeout, Clock clock) {
    this.view = view;
    this.writer = writer;
    this.rateLimiter = rateLimiter;
    this.timeout = timeout;
    this.clock = clock;
  }

  @GET
  @Path(PUSH_PATH)
  public Response get(@PathParam("token") String token, @QueryParam("status") String status, @QueryParam("msg") String msg, @QueryParam("ping") String ping) {
    return push(token, status, msg, ping);
  }

  @POST
  @Path(PUSH_PATH)
  public Response post(@PathParam("token") String token, @QueryParam("status") String status, @QueryParam("msg") String msg, @QueryParam("ping") String ping) {
    return push(token, status, msg, ping);
  }

  private Response push(String token, String status, String msg, String ping) {
    Optional<String> checkId = token.length() > MAX_TOKEN ? Optional.empty() : view.definitions().pushCheckOf(token);
    if (checkId.isEmpty() && token.length() <= MAX_TOKEN) {
      // Perhaps applied a moment ago: decide against the log as it is now.
      try {
        AgentAuth.awaitCurrentLog(view, timeout);
      } catch (ProblemException unavailable) {
        return answer(Response.Status.SERVICE_UNAVAILABLE, unavailable.getMessage()).header(HttpHeaders.RETRY_AFTER, 2).build();
      }
      checkId = view.definitions().pushCheckOf(token);
    }
    if (checkId.isEmpty()) {
      return answer(Response.Status.NOT_FOUND, "no push check has this token; check the URL, or apply the check with statuslog checks apply").build();
    }
    CheckResult result;
    try {
      result = PushBeat.result(checkId.get(), status, msg, ping, clock.instant(), UUID.randomUUID().toString());
    } catch (IllegalArgumentException e) {
      return answer(Response.Status.BAD_REQUEST, e.getMessage() + "; nothing was written").build();
    }
    Optional<Duration> wait = rateLimiter.take(checkId.get(), 1);
    if (wait.isPresent()) {
      long seconds = RateLimiter.retryAfterSeconds(wait.get());
      return answer(Response.Status.TOO_MANY_REQUESTS, "push check " + checkId.get() + " is over its rate limit; nothing was written; push again in " + seconds + " s")
          .header(HttpHeaders.RETRY_AFTER, seconds).build();
    }
    try {
      writer.write(checkId.get(), List.of(result)).get(timeout.multipliedBy(4).toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("heartbeat written check={} outcome={} result={}", checkId.get(), result.getOutcome(), result.getResultId());
      return Response.ok(PushAnswer.OK).build();
    } catch (ResultWriter.TooLarge e) {
      return answer(Response.Status.REQUEST_ENTITY_TOO_LARGE, e.getMessage() + "; nothing was written").build();
    } catch (ExecutionException e) {
      LOG.warn("heartbeat not written check={} reason={}", checkId.get(), e.getCause().getMessage());
      return answer(Response.Status.SERVICE_UNAVAILABLE, e.getCause().getMessage()).header(HttpHeaders.RETRY_AFTER, 2).build();
    } catch (TimeoutException e) {
      return answer(Response.Status.SERVICE_UNAVAILABLE, "Kafka did not acknowledge the heartbeat in time; push again").header(HttpHeaders.RETRY_AFTER, 2).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return answer(Response.Status.SERVICE_UNAVAILABLE, "interrupted").build();
    }
  }

  private static Response.ResponseBuilder answer(Response.Status status, String msg) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(PushAnswer.refused(msg));
  }
}
