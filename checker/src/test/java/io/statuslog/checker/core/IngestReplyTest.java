package io.statuslog.checker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.http.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Ingest's answers as ResultsResource writes them, and what each means for the agent. */
class IngestReplyTest {
  @Test
  void accepted() {
    assertThat(reply(202, null, "{\"accepted\":3,\"agent\":\"eu-1\",\"region\":\"eu\"}")).isEqualTo(new IngestReply.Accepted());
  }

  @Test
  void aBadResultIsNamedByItsIndexInTheBatch() {
    IngestReply reply = reply(400, null, """
        {"type":"about:blank","title":"Bad Request","status":400,
         "detail":"[2].startedAt: 2025-01-01T00:00:00Z is more than 30d ago; nothing was written",
         "errors":[{"index":2,"field":"startedAt","detail":"2025-01-01T00:00:00Z is more than 30d ago"}]}""");

    assertThat(reply).isEqualTo(new IngestReply.Refused(List.of(new Problem.Violation(2, "startedAt", "2025-01-01T00:00:00Z is more than 30d ago")),
        "400 [2].startedAt: 2025-01-01T00:00:00Z is more than 30d ago; nothing was written"));
  }

  @Test
  void aRefusalOfTheWholeBodyNamesNoResult() {
    IngestReply reply = reply(400, null, "{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"the body is not valid JSON\"}");

    assertThat(reply).isEqualTo(new IngestReply.Refused(List.of(), "400 the body is not valid JSON"));
  }

  @Test
  void tooLargeThrottledDeniedAndFailed() {
    assertThat(reply(413, null, "{\"status\":413,\"detail\":\"the batch holds 6 results; send at most 5 per request\"}"))
        .isEqualTo(new IngestReply.TooLarge("413 the batch holds 6 results; send at most 5 per request"));
    assertThat(reply(429, "7", "{\"status\":429,\"detail\":\"over its rate limit\"}"))
        .isEqualTo(new IngestReply.Throttled(Duration.ofSeconds(7), "429 over its rate limit"));
    assertThat(reply(401, null, "{\"status\":401,\"detail\":\"unknown token\"}")).isEqualTo(new IngestReply.Denied(401, "401 unknown token"));
    assertThat(reply(403, null, "{\"status\":403,\"detail\":\"wrong region\"}")).isEqualTo(new IngestReply.Denied(403, "403 wrong region"));
    assertThat(reply(503, "2", "{\"status\":503,\"detail\":\"Kafka did not commit\"}")).isEqualTo(new IngestReply.Failed(503, "503 Kafka did not commit"));
  }

  @Test
  void anAnswerThatIsNotIngestsIsQuotedShortOnOneLine() {
    assertThat(reply(502, null, "<html>\n<body>Bad   Gateway</body>\n</html>" + "x".repeat(500)))
        .isEqualTo(new IngestReply.Failed(502, "502 <html> <body>Bad Gateway</body> </html>" + "x".repeat(159)));
    assertThat(reply(500, null, "")).isEqualTo(new IngestReply.Failed(500, "500 (no body)"));
  }

  @Test
  void retryAfterIsObeyedWithinBounds() {
    assertThat(IngestReply.retryAfter(Optional.of("0"))).isEqualTo(Duration.ofSeconds(1));
    assertThat(IngestReply.retryAfter(Optional.of("86400"))).isEqualTo(IngestReply.MAX_RETRY_AFTER);
    assertThat(IngestReply.retryAfter(Optional.of("Wed, 21 Oct 2015 07:28:00 GMT"))).isEqualTo(IngestReply.DEFAULT_RETRY_AFTER);
    assertThat(IngestReply.retryAfter(Optional.empty())).isEqualTo(IngestReply.DEFAULT_RETRY_AFTER);
  }

  private static IngestReply reply(int status, String retryAfter, String body) {
    return IngestReply.of(status, Optional.ofNullable(retryAfter), body.getBytes(StandardCharsets.UTF_8));
  }
}
