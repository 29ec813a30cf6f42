package io.statuslog.checker.probe;

import io.statuslog.checker.core.ProbeOutcome;
import io.statuslog.checker.core.Target;
import io.statuslog.checker.probe.HttpResponseReader.BoundedBytes;
import io.statuslog.schemas.events.ErrorKind;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * HTTP(S) probes for checks that ask to reuse connections: one JDK client per TLS mode, shared by
 * all such checks, keeping connections alive between probes. Cheaper, but blind to what a new
 * client meets (a listener that stopped accepting, the connect and TLS times), so only the total
 * time is reported. Redirects follow the same rules as {@link HttpProbe}.
 */
final class SharedClientHttpProbe {
  /** Headers the JDK client refuses to take from a caller; it sets them itself. */
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding");

  private final TlsSockets tls;
  private final Clock clock;
  private volatile HttpClient verifying;
  private volatile HttpClient trustingAll;

  SharedClientHttpProbe(TlsSockets tls, Clock clock) {
    this.tls = tls;
    this.clock = clock;
  }

  ProbeOutcome probe(Target.Http target, Duration timeout) {
    Attempt attempt = new Attempt(Deadline.after(timeout));
    HttpClient client = client(target.verifyTls());
    HttpRequestSpec request = HttpRequestSpec.of(target);
    try {
      for (int redirects = 0; ; redirects++) {
        attempt.doing("waiting for the response from " + request.host() + ":" + request.port());
        HttpResponse<BoundedBytes> response = send(client, request, attempt.deadline());
        attempt.connected();
        attempt.status(response.statusCode());
        response.sslSession().ifPresent(session -> leafNotAfter(session, attempt));
        String location = response.headers().firstValue("location").orElse(null);
        boolean redirect = target.followRedirects() && HttpRequestSpec.isRedirect(response.statusCode()) && location != null;
        if (redirect && redirects == target.maxRedirects()) {
          return attempt.failed(clock, ErrorKind.OTHER, "stopped after " + redirects + " redirects; the last one, " + response.statusCode() + ", to " + location);
        }
        if (redirect) {
          request = request.redirectedTo(response.statusCode(), location);
          attempt.disconnected();
          continue;
        }
        BoundedBytes body = response.body();
        String text = body.text(HttpResponseReader.charsetOf(response.headers().firstValue("content-type").orElse(null)));
        attempt.body(body.cut() ? text + HttpProbe.BODY_CUT : text);
        return attempt.succeeded(clock);
      }
    } catch (IOException e) {
      return attempt.failed(clock, e);
    }
  }

  private static HttpResponse<BoundedBytes> send(HttpClient client, HttpRequestSpec request, Deadline deadline) throws IOException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
        .timeout(Duration.ofNanos(Math.max(1, deadline.remainingNanos())))
        .method(request.method(), request.body().map(HttpRequest.BodyPublishers::ofString).orElse(HttpRequest.BodyPublishers.noBody()));
    boolean agentSet = false;
    for (var header : request.headers().entrySet()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      agentSet |= name.equals("user-agent");
      if (!RESTRICTED.contains(name)) {
        builder.header(header.getKey(), header.getValue());
      }
    }
    if (!agentSet) {
      builder.header("User-Agent", HttpProbe.USER_AGENT);
    }
    CompletableFuture<HttpResponse<BoundedBytes>> pending = client.sendAsync(builder.build(), info -> new BoundedSubscriber(HttpProbe.MAX_BODY_BYTES));
    try {
      return pending.get(Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new SocketTimeoutException("no complete response in time");
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } catch (ExecutionException e) {
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof UnresolvedAddressException) { // how the JDK client says a name did not resolve
          throw new UnknownHostException(request.host());
        }
      }
      if (e.getCause() != null && e.getCause().getClass() == IOException.class && String.valueOf(e.getCause().getMessage()).matches(".*(EOF|received no bytes).*")) {
        // How the JDK client says the server closed the connection: what an EOFException says elsewhere.
        throw new EOFException(e.getCause().getMessage());
      }
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(String.valueOf(e.getCause()), e.getCause());
    }
  }

  private static void leafNotAfter(javax.net.ssl.SSLSession session, Attempt attempt) {
    try {
      if (session.getPeerCertificates()[0] instanceof X509Certificate leaf) {
        attempt.certificateNotAfter(leaf.getNotAfter().toInstant());
      }
    } catch (SSLPeerUnverifiedException e) {
      // No certificate to report.
    }
  }

  private HttpClient client(boolean verify) {
    HttpClient client = verify ? verifying : trustingAll;
    if (client == null) {
      synchronized (this) {
        client = verify ? verifying : trustingAll;
        if (client == null) {
          client = HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .followRedirects(HttpClient.Redirect.NEVER) // followed here, with the check's limit
              .sslContext(tls.newContext(verify))
              .executor(Executors.newVirtualThreadPerTaskExecutor())
              .build();
          if (verify) {
            verifying = client;
          } else {
            trustingAll = client;
          }
        }
      }
    }
    return client;
  }

  /** Keeps the first bytes of a body and cancels the rest, so a large body costs no more than the limit. */
  private static final class BoundedSubscriber implements HttpResponse.BodySubscriber<BoundedBytes> {
    private final BoundedBytes bytes;
    private final CompletableFuture<BoundedBytes> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    BoundedSubscriber(int max) {
      bytes = new BoundedBytes(max);
    }

    @Override
    public CompletionStage<BoundedBytes> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer buffer : buffers) {
        byte[] chunk = new byte[buffer.remaining()];
        buffer.get(chunk);
        bytes.append(chunk, 0, chunk.length);
      }
      if (bytes.full()) {
        subscription.cancel();
        result.complete(bytes);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      result.complete(bytes);
    }
  }
}
