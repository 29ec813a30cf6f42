package io.statuslog.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.statuslog.web.api.Problem;
import io.statuslog.web.core.SnapshotStore;
import io.statuslog.web.resources.AdminIncidentsResource;
import io.statuslog.web.resources.ProblemExceptionMapper;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad requests are refused before anything is written: no publisher is wired here, so a request
 * that got past validation would answer 503, never 400 or 401.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AdminIncidentsResourceTest {
  private static final ObjectMapper JSON = Jackson.newObjectMapper();
  private static final SnapshotStore SNAPSHOTS = new SnapshotStore(Optional.empty(), JSON, Clock.systemUTC(), Duration.ofSeconds(30));

  static final ResourceExtension RESOURCES = ResourceExtension.builder()
      .addResource(new AdminIncidentsResource(Optional.of("s3cret"), Optional.empty(), SNAPSHOTS, Clock.systemUTC()))
      .addProvider(new ProblemExceptionMapper())
      .setRegisterDefaultExceptionMappers(false)
      .build();

  @Test
  void aWrongTokenIs401() {
    Response response = post("/api/v1/admin/incidents", "Bearer nope", "{\"title\":\"x\",\"severity\":\"MAJOR\"}");

    assertThat(response.getStatus()).isEqualTo(401);
    assertThat(response.getHeaderString("WWW-Authenticate")).startsWith("Bearer");
    assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
  }

  @Test
  void aMissingTitleIs400NamingTheField() {
    Response response = post("/api/v1/admin/incidents", "Bearer s3cret", "{\"severity\":\"MAJOR\"}");

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(response.readEntity(Problem.class).detail()).isEqualTo("title: must not be blank");
  }

  @Test
  void anUnknownSeverityIs400NamingTheField() {
    Response response = post("/api/v1/admin/incidents", "Bearer s3cret", "{\"title\":\"API errors\",\"severity\":\"apocalyptic\"}");

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(response.readEntity(Problem.class).detail()).startsWith("severity: must be one of [MINOR, MAJOR, CRITICAL, MAINTENANCE]");
  }

  @Test
  void malformedJsonIs400ProblemJson() {
    Response response = post("/api/v1/admin/incidents", "Bearer s3cret", "{not json");

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(response.readEntity(Problem.class).detail()).startsWith("request body is not valid JSON");
  }

  @Test
  void anUpdateToAnUnknownIncidentIs404() {
    Response response = post("/api/v1/admin/incidents/inc-nope/updates", "Bearer s3cret", "{\"text\":\"still looking\"}");

    assertThat(response.getStatus()).isEqualTo(404);
  }

  @Test
  void aValidRequestWithoutKafkaIs503NotSilentlyDropped() {
    Response response = post("/api/v1/admin/incidents", "Bearer s3cret", "{\"title\":\"API errors\",\"severity\":\"major\",\"text\":\"Investigating\"}");

    assertThat(response.getStatus()).isEqualTo(503);
  }

  private static Response post(String path, String authorization, String body) {
    return RESOURCES.target(path).request().header("Authorization", authorization).post(Entity.entity(body, MediaType.APPLICATION_JSON));
  }
}
