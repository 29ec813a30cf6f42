package io.statuslog.ingest.resources;

import io.statuslog.http.ProblemException;
import io.statuslog.ingest.core.Agent;
import io.statuslog.ingest.core.Agents;
import io.statuslog.ingest.kafka.LogView;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Who a request's bearer token belongs to, decided against the agents topic as it is when the
 * request arrives: an agent revoked a moment ago (by `statuslog agents revoke`, which returns
 * once Kafka has the revocation) is refused, one added a moment ago is let in.
 */
final class AgentAuth {
  private static final String CHALLENGE = "Bearer realm=\"statuslog-ingest\"";

  private final LogView view;
  private final Duration timeout;

  AgentAuth(LogView view, Duration timeout) {
    this.view = view;
    this.timeout = timeout;
  }

  Agent require(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.substring(7).isBlank()) {
      throw new ProblemException(Response.Status.UNAUTHORIZED, "send the agent's token: Authorization: Bearer <token> (statuslog agents add prints it)")
          .withHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
    }
    String token = authorization.substring(7).strip();
    awaitCurrentLog(view, timeout);
    return switch (view.agents().authenticate(token)) {
      case Agents.Known known -> known.agent();
      case Agents.Revoked revoked -> throw invalidToken("agent " + revoked.agent().name() + " was revoked at " + revoked.agent().revokedAt().orElseThrow()
          + "; nothing was written; an operator issues it a new token with statuslog agents add " + revoked.agent().name()
          + " --region " + revoked.agent().region() + " -c CONFIG");
      case Agents.Unknown unknown -> throw invalidToken("unknown token: no agent has it (revoked and added again, it gets a new one); nothing was written");
    };
  }

  private static ProblemException invalidToken(String detail) {
    return new ProblemException(Response.Status.UNAUTHORIZED, detail)
        .withHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE + ", error=\"invalid_token\"");
  }

  /** Reads the log up to its end as of now, or answers 503. */
  static void awaitCurrentLog(LogView view, Duration timeout) {
    try {
      view.caughtUp().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw unavailable("Kafka cannot be read (" + e.getCause().getClass().getSimpleName() + "); nothing was written; try again");
    } catch (TimeoutException e) {
      throw unavailable("Kafka could not be read within " + timeout.toSeconds() + " s; nothing was written; try again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted; nothing was written; try again");
    }
  }

  static ProblemException unavailable(String detail) {
    return new ProblemException(Response.Status.SERVICE_UNAVAILABLE, detail).withHeader(HttpHeaders.RETRY_AFTER, 2);
  }
}
