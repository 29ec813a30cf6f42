package io.statuslog.checker.probe;

import io.statuslog.checker.core.ProbeOutcome;
import io.statuslog.checker.core.Target;
import io.statuslog.checker.probe.Attempt.Phase;
import io.statuslog.checker.probe.HttpResponseReader.Body;
import io.statuslog.checker.probe.HttpResponseReader.Head;
import io.statuslog.schemas.events.ErrorKind;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP(S) probe over a connection of its own, as blackbox_exporter probes: the host resolved,
 * connected to, the TLS handshake made, the request sent and the first byte of the answer awaited,
 * each timed apart, and the connection closed after one exchange. A shared client would keep a
 * connection open across probes, so a listener that stopped accepting would stay UP and connect
 * and TLS times would never be measured.
 *
 * <p>HTTP/1.1 only, one request per connection ({@code Connection: close}), no compression asked
 * for. Redirects are followed on new connections; the phases of every hop are added up.
 */
final class HttpProbe {
  /** Enough for any health or status page; a larger body is cut here and says so. */
  static final int MAX_BODY_BYTES = 1024 * 1024;
  static final String BODY_CUT = "\n[statuslog: body cut at " + MAX_BODY_BYTES + " bytes]";
  static final String USER_AGENT = "statuslog-checker";

  private final TlsSockets tls;
  private final Clock clock;

  HttpProbe(TlsSockets tls, Clock clock) {
    this.tls = tls;
    this.clock = clock;
  }

  ProbeOutcome probe(Target.Http target, Duration timeout) {
    Attempt attempt = new Attempt(Deadline.after(timeout));
    HttpRequestSpec request = HttpRequestSpec.of(target);
    Socket socket = null;
    // One try for all hops: the outcome, and its response time, are taken before the socket closes.
    try {
      for (int redirects = 0; ; redirects++) {
        socket = open(request, target.verifyTls(), attempt);
        attempt.connected();
        HttpResponseReader response = send(socket, request, attempt);
        attempt.doing("reading the response head from " + request.host() + ":" + request.port());
        Head head = response.readHead();
        attempt.status(head.status());
        boolean redirect = target.followRedirects() && HttpRequestSpec.isRedirect(head.status()) && head.location() != null;
        if (redirect && redirects == target.maxRedirects()) {
          return attempt.failed(clock, ErrorKind.OTHER, "stopped after " + redirects + " redirects; the last one, " + head.status() + ", to " + head.location());
        }
        if (!redirect) {
          attempt.body(readBody(response, head, request, attempt));
          return attempt.succeeded(clock);
        }
        request = request.redirectedTo(head.status(), head.location());
        closeQuietly(socket); // the redirect's own body is not read
        socket = null;
        attempt.disconnected();
      }
    } catch (IOException e) {
      return attempt.failed(clock, e);
    } finally {
      if (socket != null) {
        closeQuietly(socket);
      }
    }
  }

  private Socket open(HttpRequestSpec request, boolean verifyTls, Attempt attempt) throws IOException {
    Socket plain = Connections.open(request.host(), request.port(), attempt);
    if (!request.https()) {
      return plain;
    }
    try {
      return tls.handshake(plain, request.host(), request.port(), verifyTls, attempt);
    } catch (IOException | RuntimeException e) {
      closeQuietly(plain);
      throw e;
    }
  }

  /** Writes the request and waits for the first byte of the response, timing the wait. */
  private static HttpResponseReader send(Socket socket, HttpRequestSpec request, Attempt attempt) throws IOException {
    String peer = request.host() + ":" + request.port();
    attempt.doing("sending the request to " + peer);
    socket.getOutputStream().write(encode(request));
    attempt.doing("waiting for the response from " + peer);
    long sent = System.nanoTime();
    HttpResponseReader reader = new HttpResponseReader(socket, attempt.deadline());
    if (!reader.awaitFirstByte()) {
      throw new EOFException("no response");
    }
    attempt.took(Phase.FIRST_BYTE, System.nanoTime() - sent);
    return reader;
  }

  private static String readBody(HttpResponseReader response, Head head, HttpRequestSpec request, Attempt attempt) throws IOException {
    if (!head.hasBody(request.method())) {
      return "";
    }
    attempt.doing("reading the body from " + request.host() + ":" + request.port());
    Body body = response.readBody(head, MAX_BODY_BYTES);
    return body.cut() ? body.text() + BODY_CUT : body.text();
  }

  /**
   * The request as bytes, written in one go: the check's headers, then Host and User-Agent unless
   * the check set them, Content-Length for a body, and Connection: close. Headers that frame the
   * message (Connection, Content-Length, Transfer-Encoding) are the probe's own and a check's are
   * left out.
   */
  static byte[] encode(HttpRequestSpec request) {
    byte[] body = request.body().map(text -> text.getBytes(StandardCharsets.UTF_8)).orElse(null);
    String path = request.uri().getRawPath() == null || request.uri().getRawPath().isEmpty() ? "/" : request.uri().getRawPath();
    String query = request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery();
    StringBuilder head = new StringBuilder(256);
    head.append(request.method()).append(' ').append(path).append(query).append(" HTTP/1.1\r\n");
    boolean hostSet = false;
    boolean agentSet = false;
    for (Map.Entry<String, String> header : request.headers().entrySet()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      hostSet |= name.equals("host");
      agentSet |= name.equals("user-agent");
    }
    if (!hostSet) {
      int port = request.uri().getPort();
      head.append("Host: ").append(request.uri().getHost());
      if (port != -1 && port != (request.https() ? 443 : 80)) {
        head.append(':').append(port);
      }
      head.append("\r\n");
    }
    if (!agentSet) {
      head.append("User-Agent: ").append(USER_AGENT).append("\r\n");
    }
    for (Map.Entry<String, String> header : request.headers().entrySet()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (!(name.equals("connection") || name.equals("content-length") || name.equals("transfer-encoding"))) {
        head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
      }
    }
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    } else if (request.method().equals("POST") || request.method().equals("PUT") || request.method().equals("PATCH")) {
      head.append("Content-Length: 0\r\n"); // servers may answer 411 to a POST that does not say it is empty
    }
    head.append("Connection: close\r\n\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
    if (body == null) {
      return headBytes;
    }
    byte[] message = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, message, 0, headBytes.length);
    System.arraycopy(body, 0, message, headBytes.length, body.length);
    return message;
  }

  static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // The probe has its answer; how the connection ends changes nothing.
    }
  }
}
