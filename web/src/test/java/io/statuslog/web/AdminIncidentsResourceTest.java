package io.statuslog.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.statuslog.http.Problem;
import io.statuslog.web.resources.AdminIncidentsResource;
import io.statuslog.http.ProblemExceptionMapper;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad requests are refused before anything is written: no log is wired here, so a request that
 * got past validation would answer 503, never 400 or 401. Decisions that need the log (404, 409,
 * 422, unknown components) are proven against real Kafka in {@code AdminIncidentsIT}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AdminIncidentsResourceTest {
  static final ResourceExtension RESOURCES = ResourceExtension.builder()
      .addResource(new AdminIncidentsResource(Optional.of("s3cret"), Optional.empty(), Clock.systemUTC()))
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
  void aValueOfTheWrongKindIs400SaidInJsonTermsNotJavas() {
    Response list = post("/api/v1/admin/incidents", "Bearer s3cret", "[]");
    Response components = post("/api/v1/admin/incidents", "Bearer s3cret", "{\"title\":\"API errors\",\"severity\":\"MAJOR\",\"affectedComponents\":\"API\"}");

    assertThat(list.getStatus()).isEqualTo(400);
    assertThat(list.readEntity(Problem.class).detail()).isEqualTo("the body: expected an object, got a list; nothing was written");
    assertThat(components.getStatus()).isEqualTo(400);
    assertThat(components.readEntity(Problem.class).detail()).isEqualTo("affectedComponents: expected a list, got a string; nothing was written");
  }

  @Test
  void aBodyThatIsNotJsonIs415SayingWhatToSend() {
    Response response = request("/api/v1/admin/incidents", "Bearer s3cret").post(Entity.entity("title=x", MediaType.APPLICATION_FORM_URLENCODED));

    assertThat(response.getStatus()).isEqualTo(415);
    assertThat(response.readEntity(Problem.class).detail()).isEqualTo("send the body as JSON, with Content-Type: application/json; nothing was written");
  }

  @Test
  void aNulInAnUpdatesTextIs400NamingTheFieldAndPosition() {
    Response response = post("/api/v1/admin/incidents/inc-1/updates", "Bearer s3cret", "{\"text\":\"Fix is out\\u0000 now\"}");

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(response.readEntity(Problem.class).detail()).isEqualTo("text: control character U+0000 at position 10 is not allowed");
  }

  @Test
  void aLineBreakInATitleIs400ButInTextIsFine() {
    Response title = post("/api/v1/admin/incidents", "Bearer s3cret", "{\"title\":\"API\\nerrors\",\"severity\":\"MAJOR\"}");
    Response text = post("/api/v1/admin/incidents", "Bearer s3cret", "{\"title\":\"API errors\",\"severity\":\"MAJOR\",\"text\":\"Line one\\r\\n\\tLine two\"}");

    assertThat(title.getStatus()).isEqualTo(400);
    assertThat(title.readEntity(Problem.class).detail()).isEqualTo("title: control character U+000A at position 3 is not allowed");
    assertThat(text.getStatus()).as("valid, so it reaches the (missing) log").isEqualTo(503);
  }

  @Test
  void aResolveTextWithAControlCharacterIs400() {
    Response response = post("/api/v1/admin/incidents/inc-1/resolve", "Bearer s3cret", "{\"text\":\"\\u001b[31mfixed\"}");

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(response.readEntity(Problem.class).detail()).isEqualTo("text: control character U+001B at position 0 is not allowed");
  }

  @Test
  void anInvalidIdempotencyKeyIs400() {
    Response empty = post("/api/v1/admin/incidents/inc-1/resolve", "Bearer s3cret", "{}", "");
    Response tooLong = post("/api/v1/admin/incidents/inc-1/resolve", "Bearer s3cret", "{}", "k".repeat(256));
    Response notAscii = post("/api/v1/admin/incidents/inc-1/resolve", "Bearer s3cret", "{}", "clé");

    assertThat(empty.getStatus()).isEqualTo(400);
    assertThat(empty.readEntity(Problem.class).detail()).isEqualTo("Idempotency-Key: must be 1-255 printable ASCII characters, got 0");
    assertThat(tooLong.getStatus()).isEqualTo(400);
    assertThat(notAscii.getStatus()).isEqualTo(400);
    assertThat(notAscii.readEntity(Problem.class).detail()).startsWith("Idempotency-Key: ");
  }

  @Test
  void aValidRequestWithoutKafkaIs503NotSilentlyDropped() {
    Response open = post("/api/v1/admin/incidents", "Bearer s3cret", "{\"title\":\"API errors\",\"severity\":\"major\",\"text\":\"Investigating\"}", "k-1");
    Response update = post("/api/v1/admin/incidents/inc-nope/updates", "Bearer s3cret", "{\"text\":\"still looking\"}");

    assertThat(open.getStatus()).isEqualTo(503);
    assertThat(update.getStatus()).as("unknown or not, only the log can tell").isEqualTo(503);
  }

  private static Response post(String path, String authorization, String body) {
    return request(path, authorization).post(Entity.entity(body, MediaType.APPLICATION_JSON));
  }

  private static Response post(String path, String authorization, String body, String idempotencyKey) {
    return request(path, authorization).header("Idempotency-Key", idempotencyKey).post(Entity.entity(body, MediaType.APPLICATION_JSON));
  }

  private static Invocation.Builder request(String path, String authorization) {
    return RESOURCES.target(path).request().header("Authorization", authorization);
  }
}
