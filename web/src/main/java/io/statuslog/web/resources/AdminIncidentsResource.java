package io.statuslog.web.resources;

import io.statuslog.schemas.events.IncidentEvent;
import io.statuslog.schemas.events.IncidentEventType;
import io.statuslog.schemas.events.Severity;
import io.statuslog.web.api.AdminRequests.OpenIncident;
import io.statuslog.web.api.AdminRequests.PostUpdate;
import io.statuslog.web.api.AdminRequests.Resolve;
import io.statuslog.web.api.Incident;
import io.statuslog.web.api.Responses.Written;
import io.statuslog.web.core.SnapshotStore;
import io.statuslog.web.kafka.IncidentPublisher;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API: every call is validated first, then written to the incidents topic, and
 * answered only once Kafka has acknowledged it. The page shows the change once projected.
 * Invalid input or a wrong token writes nothing.
 */
@Path("/api/v1/admin/incidents")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class AdminIncidentsResource {
  private static final Logger LOG = LoggerFactory.getLogger(AdminIncidentsResource.class);
  private static final int MAX_TITLE = 200;
  private static final int MAX_TEXT = 10_000;

  private final Optional<String> token;
  private final Optional<IncidentPublisher> publisher;
  private final SnapshotStore snapshots;
  private final Clock clock;

  public AdminIncidentsResource(Optional<String> token, Optional<IncidentPublisher> publisher, SnapshotStore snapshots, Clock clock) {
    this.token = token.filter(t -> !t.isBlank());
    this.publisher = publisher;
    this.snapshots = snapshots;
    this.clock = clock;
  }

  @POST
  public Response open(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, OpenIncident request) {
    authorize(authorization);
    if (request == null) {
      throw ProblemException.badRequest("body: a JSON object with title, severity, affectedComponents and text is required");
    }
    String title = required("title", request.title(), MAX_TITLE);
    Severity severity = severity(request.severity(), true);
    List<String> components = request.affectedComponents() == null ? List.of() : request.affectedComponents();
    if (components.size() > 50 || components.stream().anyMatch(c -> c == null || c.isBlank() || c.length() > 100)) {
      throw ProblemException.badRequest("affectedComponents: at most 50 names, each 1-100 characters");
    }
    String text = optional("text", request.text(), MAX_TEXT);
    String incidentId = "inc-" + UUID.randomUUID().toString().substring(0, 8);
    return write(IncidentEvent.newBuilder()
        .setIncidentId(incidentId)
        .setType(IncidentEventType.OPENED)
        .setSeverity(severity)
        .setTitle(title)
        .setAffectedComponents(components)
        .setText(text.isEmpty() ? title : text));
  }

  @POST
  @Path("/{id}/updates")
  public Response update(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id, PostUpdate request) {
    authorize(authorization);
    if (request == null) {
      throw ProblemException.badRequest("body: a JSON object with text (and optionally severity) is required");
    }
    String text = required("text", request.text(), MAX_TEXT);
    Severity severity = severity(request.severity(), false);
    requireOpen(id);
    return write(IncidentEvent.newBuilder().setIncidentId(id).setType(IncidentEventType.UPDATED).setSeverity(severity).setText(text));
  }

  @POST
  @Path("/{id}/resolve")
  public Response resolve(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id, Resolve request) {
    authorize(authorization);
    String text = request == null ? "" : optional("text", request.text(), MAX_TEXT);
    requireOpen(id);
    return write(IncidentEvent.newBuilder().setIncidentId(id).setType(IncidentEventType.RESOLVED).setText(text.isEmpty() ? "Resolved" : text));
  }

  private Response write(IncidentEvent.Builder event) {
    IncidentPublisher kafka = publisher.orElseThrow(() ->
        new ProblemException(Response.Status.SERVICE_UNAVAILABLE, "the admin API needs the kafka block in the configuration"));
    IncidentEvent built = event.setEventId(UUID.randomUUID().toString()).setAt(clock.instant()).build();
    try {
      RecordMetadata acked = kafka.publish(built);
      LOG.info("incident event written incident={} event={} type={} offset={}", built.getIncidentId(), built.getEventId(), built.getType(), acked.offset());
      return Response.status(Response.Status.ACCEPTED)
          .entity(new Written(built.getIncidentId(), built.getEventId(), acked.topic(), acked.partition(), acked.offset()))
          .build();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("incident event not confirmed incident={} event={} error={}", built.getIncidentId(), built.getEventId(), e.toString());
      throw new ProblemException(Response.Status.SERVICE_UNAVAILABLE,
          "Kafka did not confirm the write (" + e.getClass().getSimpleName() + "); the change may not be recorded, try again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProblemException(Response.Status.SERVICE_UNAVAILABLE, "interrupted before Kafka confirmed the write; try again");
    }
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

  private void requireOpen(String id) {
    Optional<Incident> incident = snapshots.current().snapshot().incidents().stream().filter(i -> i.id().equals(id)).findFirst();
    if (incident.isEmpty()) {
      throw ProblemException.notFound("no incident with id '" + id + "' (new incidents appear once projected, within seconds)");
    }
    if (!incident.get().open()) {
      throw new ProblemException(Response.Status.CONFLICT, "incident '" + id + "' is already resolved");
    }
  }

  private static String required(String field, String value, int max) {
    if (value == null || value.isBlank()) {
      throw ProblemException.badRequest(field + ": must not be blank");
    }
    return optional(field, value, max);
  }

  private static String optional(String field, String value, int max) {
    if (value == null) {
      return "";
    }
    if (value.length() > max) {
      throw ProblemException.badRequest(field + ": at most " + max + " characters, got " + value.length());
    }
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
