package io.statuslog.checker.probe;

import io.statuslog.checker.core.CheckSpec;
import io.statuslog.checker.core.Verdict;
import io.statuslog.schemas.events.ErrorKind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/** Probes a check over HTTP(S): one GET, body discarded, bounded by the check's timeout. */
public final class HttpProber {
  private final HttpClient client =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NORMAL)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  /** A probe's measured facts: how long it took, the status if any, and the verdict. */
  public record Probe(Duration elapsed, Integer httpStatus, Verdict verdict) {}

  public Probe probe(CheckSpec check) {
    HttpRequest request =
        HttpRequest.newBuilder(check.url())
            .timeout(check.timeout())
            .header("User-Agent", "statuslog-checker")
            .GET()
            .build();
    long start = System.nanoTime();
    try {
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      return new Probe(elapsed, response.statusCode(), Verdict.ofResponse(check, response.statusCode(), elapsed));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failure(start, ErrorKind.OTHER, "interrupted");
    } catch (HttpConnectTimeoutException e) {
      return failure(start, ErrorKind.TIMEOUT, "connect timed out after " + Duration.ofSeconds(10).toSeconds() + " s");
    } catch (HttpTimeoutException e) {
      return failure(start, ErrorKind.TIMEOUT, "no response within " + check.timeout().toMillis() + " ms");
    } catch (ConnectException e) {
      return failure(start, ErrorKind.CONNECTION, "connection refused or unreachable");
    } catch (SSLException e) {
      return failure(start, ErrorKind.TLS, "TLS: " + e.getMessage());
    } catch (IOException e) {
      ErrorKind kind = rootCause(e) instanceof UnknownHostException ? ErrorKind.DNS : ErrorKind.CONNECTION;
      return failure(start, kind, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static Probe failure(long start, ErrorKind kind, String message) {
    return new Probe(Duration.ofNanos(System.nanoTime() - start), null, Verdict.ofFailure(kind, message));
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
