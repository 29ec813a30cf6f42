package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * A remote agent as ingest sees one, over real HTTP: its token, and one spool that numbers its
 * results from 1 and posts them in batches, in order. A result's id is its spool's id and its
 * number, so give each agent a spool id of its own; a batch posted again is the same results
 * with the same ids and numbers, as a spool retries.
 */
final class TestAgent {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI results;
  private final String token;
  private final String spoolId;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private long next = 1;

  TestAgent(String ingestUrl, String token, String spoolId) {
    this.results = URI.create(ingestUrl + "/v1/results");
    this.token = token;
    this.spoolId = spoolId;
  }

  /** The token `statuslog agents add` printed: the line after it says it is shown once. */
  static String tokenOf(Cli.Run added) {
    assertThat(added.exit()).as(added.err()).isZero();
    String[] lines = added.out().split("\\R");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains("Its token, shown this once")) {
        for (int j = i + 1; j < lines.length; j++) {
          if (!lines[j].isBlank()) {
            return lines[j].strip();
          }
        }
      }
    }
    throw new AssertionError("no token in: " + added.out());
  }

  /** Asserts a 202 and what it says it recorded. */
  static void assertAccepted(HttpResponse<String> response, int accepted, String agent, String region) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("accepted").asInt()).isEqualTo(accepted);
    assertThat(body.path("agent").asText()).isEqualTo(agent);
    assertThat(body.path("region").asText()).isEqualTo(region);
  }

  /** Asserts a problem+json answer of this status, and returns it. */
  static JsonNode problem(HttpResponse<String> response, int status) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    return problem;
  }

  /** The spool's next {@code count} results of one check, started a moment ago. */
  ArrayNode batch(String checkId, String outcome, int count) {
    ArrayNode batch = JSON.createArrayNode();
    for (int i = 0; i < count; i++) {
      ObjectNode result = batch.addObject()
          .put("resultId", spoolId + "-" + next)
          .put("spoolId", spoolId)
          .put("sequence", next++)
          .put("checkId", checkId)
          .put("startedAt", Instant.now().minusMillis(500).toString())
          .put("durationMs", 42)
          .put("outcome", outcome);
      if (outcome.equals("UP")) {
        result.put("httpStatus", 200);
      } else {
        result.put("errorKind", "CONNECTION").put("errorMessage", "connection refused");
      }
    }
    return batch;
  }

  HttpResponse<String> post(ArrayNode batch) throws IOException, InterruptedException {
    return post(batch.toString(), "application/json", token);
  }

  HttpResponse<String> post(String body, String contentType, String bearer) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(results).timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Posts the batch and hangs up before the answer, as an agent whose request timed out does:
   * the whole request goes out, and nothing of the answer is read.
   */
  void postAndHangUp(ArrayNode batch) throws IOException {
    byte[] body = batch.toString().getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket(results.getHost(), results.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/results HTTP/1.1\r\nHost: " + results.getAuthority() + "\r\nAuthorization: Bearer " + token
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
    }
  }
}
