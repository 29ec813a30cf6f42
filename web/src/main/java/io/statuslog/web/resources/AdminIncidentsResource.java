package io.statuslog.web.resources;

import io.statuslog.http.ProblemException;
import io.statuslog.schemas.events.IncidentEvent;
import io.statuslog.schemas.events.IncidentEventType;
import io.statuslog.schemas.events.Severity;
import io.statuslog.web.api.AdminRequests.OpenIncident;
import io.statuslog.web.api.AdminRequests.PostUpdate;
import io.statuslog.web.api.AdminRequests.Resolve;
import io.statuslog.web.core.AdminAnswer;
import io.statuslog.web.core.AdminAnswer.Accepted;
import io.statuslog.web.core.AdminAnswer.Refused;
import io.statuslog.web.core.AdminInput;
import io.statuslog.web.core.AdminWrite;
import io.statuslog.web.kafka.AdminLog;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The admin API: every call is validated first, then decided against the log (not the page's
 * snapshot, which lags it), then written to the incidents topic, and answered only once Kafka has
 * acknowledged it. The page shows the change once projected. Invalid input, a wrong token, a
 * refusal or Kafka out of reach writes nothing; an {@code Idempotency-Key} seen before writes
 * nothing again and gets the first answer.
 */
@Path("/api/v1/admin/incidents")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class AdminIncidentsResource {
  private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final int MAX_TITLE = 200;
  private static final int MAX_TEXT = 10_000;

  private final Optional<String> token;
  private final Optional<AdminLog> log;
  private final Clock clock;

  public AdminIncidentsResource(Optional<String> token, Optional<AdminLog> log, Clock clock) {
    this.token = token.filter(t -> !t.isBlank());
    this.log = log;
    this.clock = clock;
  }

  @POST
  public Response open(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, OpenIncident request) {
    authorize(authorization);
    Optional<String> key = idempotencyKey(idempotencyKey);
    if (request == null) {
      throw ProblemException.badRequest("body: a JSON object with title, severity, affectedComponents and text is required");
    }
    String title = required("title", request.title(), MAX_TITLE, false);
    Severity severity = severity(request.severity(), true);
    List<String> components = request.affectedComponents() == null ? List.of() : request.affectedComponents();
    if (components.size() > 50 || components.stream().anyMatch(c -> c == null || c.isBlank() || c.length() > 100)) {
      throw ProblemException.badRequest("affectedComponents: at most 50 names, each 1-100 characters");
    }
    String text = optional("text", request.text(), MAX_TEXT, true);
    String incidentId = "inc-" + UUID.randomUUID().toString().substring(0, 8);
    return submit(key, IncidentEvent.newBuilder()
        .setIncidentId(incidentId)
        .setType(IncidentEventType.OPENED)
        .setSeverity(severity)
        .setTitle(title)
        .setAffectedComponents(components)
        .setText(text.isEmpty() ? title : text));
  }

  @POST
  @Path("/{id}/updates")
  public Response update(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, @PathParam("id") String id, PostUpdate request) {
    authorize(authorization);
    Optional<String> key = idempotencyKey(idempotencyKey);
    if (request == null) {
      throw ProblemException.badRequest("body: a JSON object with text (and optionally severity) is required");
    }
    String text = required("text", request.text(), MAX_TEXT, true);
    Severity severity = severity(request.severity(), false);
    return submit(key, IncidentEvent.newBuilder().setIncidentId(id).setType(IncidentEventType.UPDATED).setSeverity(severity).setText(text));
  }

  @POST
  @Path("/{id}/resolve")
  public Response resolve(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, @PathParam("id") String id, Resolve request) {
    authorize(authorization);
    Optional<String> key = idempotencyKey(idempotencyKey);
    String text = request == null ? "" : optional("text", request.text(), MAX_TEXT, true);
    return submit(key, IncidentEvent.newBuilder().setIncidentId(id).setType(IncidentEventType.RESOLVED).setText(text.isEmpty() ? "Resolved" : text));
  }

  private Response submit(Optional<String> key, IncidentEvent.Builder event) {
    AdminLog admin = log.orElseThrow(() ->
        new ProblemException(Response.Status.SERVICE_UNAVAILABLE, "the admin API needs the kafka block in the configuration"));
    AdminWrite write = new AdminWrite(event.setEventId(UUID.randomUUID().toString()).setAt(clock.instant()).build(), key);
    AdminAnswer answer;
    try {
      answer = admin.submit(write);
    } catch (AdminLog.Unavailable e) {
      throw new ProblemException(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
    }
    return switch (answer) {
      case Accepted accepted -> {
        Response.ResponseBuilder response = Response.status(Response.Status.ACCEPTED).entity(accepted.written());
        // The same body as the first time; the header tells a client this answer is a repeat.
        yield (accepted.replayed() ? response.header("Idempotent-Replayed", "true") : response).build();
      }
      case Refused refused -> throw switch (refused.refusal()) {
        case UNKNOWN_INCIDENT -> ProblemException.notFound(refused.detail());
        case ALREADY_RESOLVED, INCIDENT_EXISTS -> new ProblemException(Response.Status.CONFLICT, refused.detail());
        case UNKNOWN_COMPONENT -> ProblemException.badRequest(refused.detail());
        case KEY_REUSED -> ProblemException.unprocessable(refused.detail());
      };
    };
  }

  private static Optional<String> idempotencyKey(String header) {
    if (header == null) {
      return Optional.empty();
    }
    AdminInput.idempotencyKey(header).ifPresent(problem -> {
      throw ProblemException.badRequest(problem);
    });
    return Optional.of(header);
  }

  private void authorize(String authorization) {
    if (token.isEmpty()) {
      throw unauthorized("the admin API is disabled: set web.adminToken in the configuration");
    }
    String presented = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7).trim() : "";
    // Constant-time comparison: the token is a secret.
    if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token.get().getBytes(StandardCharsets.UTF_8))) {
      throw unauthorized("a valid bearer token is required");
    }
  }

  private static ProblemException unauthorized(String detail) {
    ProblemException problem = new ProblemException(Response.Status.UNAUTHORIZED, detail);
    problem.getResponse().getHeaders().add(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"statuslog-admin\"");
    return problem;
  }

  private static String required(String field, String value, int max, boolean multiline) {
    if (value == null || value.isBlank()) {
      throw ProblemException.badRequest(field + ": must not be blank");
    }
    return optional(field, value, max, multiline);
  }

  /** Stripped, after the checks, so a reported position is one in the value as sent. */
  private static String optional(String field, String value, int max, boolean multiline) {
    if (value == null) {
      return "";
    }
    if (value.length() > max) {
      throw ProblemException.badRequest(field + ": at most " + max + " characters, got " + value.length());
    }
    AdminInput.controlCharacter(field, value, multiline).ifPresent(problem -> {
      throw ProblemException.badRequest(problem);
    });
    return value.strip();
  }

  private static Severity severity(String value, boolean required) {
    if (value == null || value.isBlank()) {
      if (required) {
        throw ProblemException.badRequest("severity: must be one of " + Arrays.toString(Severity.values()));
      }
      return null;
    }
    try {
      return Severity.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("severity: must be one of " + Arrays.toString(Severity.values()) + ", got '" + value + "'");
    }
  }
}
