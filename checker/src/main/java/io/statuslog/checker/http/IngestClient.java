package io.statuslog.checker.http;

import io.statuslog.schemas.secret.SecretToken;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * An agent's requests to ingest: its base URL, the agent's token as a bearer token on every
 * request (never logged: {@link SecretToken} hides it), and timeouts that let a stopped or
 * partitioned ingest show up as a failed request rather than a hung agent.
 */
public final class IngestClient {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** Ingest answers within about three of its ack timeouts (10 s by default), 503 if Kafka is slow. */
  static final Duration POST_TIMEOUT = Duration.ofSeconds(60);
  private static final String USER_AGENT = "statuslog-agent";

  private final URI base;
  private final SecretToken token;
  private final HttpClient http;

  /** @param tls how ingest's certificate is verified: by the JVM's trust store, or by a private CA's ({@link IngestTrust}) */
  public IngestClient(URI base, SecretToken token, Optional<SSLContext> tls) {
    this.base = URI.create(base.toString().replaceAll("/+$", ""));
    this.token = token;
    HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER);
    tls.ifPresent(http::sslContext);
    this.http = http.build();
  }

  public URI base() {
    return base;
  }

  /** {@code POST /v1/results} with a JSON array of results. */
  HttpResponse<byte[]> postResults(byte[] json) throws IOException, InterruptedException {
    return http.send(request("/v1/results", POST_TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json))
        .build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /**
   * {@code GET /v1/agent/checks}; with the ETag of the checks the agent has, a long poll that
   * answers 304 after {@code wait} when nothing changed, or at once with what did.
   */
  HttpResponse<byte[]> checks(Optional<String> etag, Duration wait) throws IOException, InterruptedException {
    String path = etag.isPresent() ? "/v1/agent/checks?wait=" + wait.toSeconds() + "s" : "/v1/agent/checks";
    HttpRequest.Builder request = request(path, wait.plus(POST_TIMEOUT)).GET();
    etag.ifPresent(tag -> request.header("If-None-Match", tag));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpRequest.Builder request(String path, Duration timeout) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(timeout)
        .header("Authorization", "Bearer " + token.reveal())
        .header("User-Agent", USER_AGENT)
        .header("Accept", "application/json, application/problem+json");
  }

  /** A failed request in a person's words: what went wrong, where. */
  String describe(IOException e) {
    String what = switch (e) {
      case ConnectException refused -> "connection refused";
      case HttpTimeoutException timeout -> "no answer in time";
      default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    };
    return "cannot reach ingest at " + base + " (" + what + ")";
  }
}
