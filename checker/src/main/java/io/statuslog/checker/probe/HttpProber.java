package io.statuslog.checker.probe;

import io.statuslog.checker.core.ProbeFacts;
import io.statuslog.checker.core.ProbeOutcome;
import io.statuslog.checker.core.Prober;
import io.statuslog.checker.core.Target;
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
import java.util.Optional;
import javax.net.ssl.SSLException;

/** Probes HTTP(S) targets with one shared client: a stand-in until each probe opens its own connection. */
public final class HttpProber implements Prober {
  private final HttpClient client =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NORMAL)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  @Override
  public ProbeOutcome probe(Target target, Duration timeout) {
    if (!(target instanceof Target.Http http)) {
      return ProbeOutcome.failed(ProbeFacts.notConnected(Duration.ZERO), ProbeOutcome.Timings.NONE, ErrorKind.OTHER, target.type() + " checks are not probed yet");
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(http.url()).timeout(timeout).header("User-Agent", "statuslog-checker")
        .method(http.method(), http.body().map(HttpRequest.BodyPublishers::ofString).orElse(HttpRequest.BodyPublishers.noBody()));
    http.headers().forEach(request::header);
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      return new ProbeOutcome(ProbeFacts.http(elapsed, response.statusCode(), response.body(), Optional.empty(), null), ProbeOutcome.Timings.NONE, Optional.empty(), Optional.empty());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failure(start, ErrorKind.OTHER, "interrupted");
    } catch (HttpConnectTimeoutException e) {
      return failure(start, ErrorKind.TIMEOUT, "connect timed out");
    } catch (HttpTimeoutException e) {
      return failure(start, ErrorKind.TIMEOUT, "no response within " + timeout.toMillis() + " ms");
    } catch (ConnectException e) {
      return failure(start, ErrorKind.CONNECTION, "connection refused or unreachable");
    } catch (SSLException e) {
      return failure(start, ErrorKind.TLS, "TLS: " + e.getMessage());
    } catch (IOException e) {
      ErrorKind kind = e.getCause() instanceof UnknownHostException ? ErrorKind.DNS : ErrorKind.CONNECTION;
      return failure(start, kind, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static ProbeOutcome failure(long start, ErrorKind kind, String message) {
    return ProbeOutcome.failed(ProbeFacts.notConnected(Duration.ofNanos(System.nanoTime() - start)), ProbeOutcome.Timings.NONE, kind, message);
  }
}
