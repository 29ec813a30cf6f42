package io.statuslog.checker.probe;

import static io.statuslog.checker.probe.ScriptedServer.holdOpen;
import static io.statuslog.checker.probe.ScriptedServer.readHead;
import static io.statuslog.checker.probe.ScriptedServer.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.statuslog.checker.core.ProbeOutcome;
import io.statuslog.checker.core.Target;
import io.statuslog.schemas.events.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP probes against real servers on loopback: a JDK HttpServer, and scripted ones for the edge cases. */
class HttpProbeIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static HttpServer server;
  private static String base;
  private final NetworkProber prober = new NetworkProber(Clock.systemUTC());

  @BeforeAll
  static void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    int port = server.getAddress().getPort();
    base = "http://127.0.0.1:" + port;
    server.createContext("/ok", exchange -> respond(exchange, 200, "ok"));
    server.createContext("/slow", exchange -> {
      sleep(300);
      respond(exchange, 200, "slow");
    });
    server.createContext("/echo", HttpProbeIT::echo);
    server.createContext("/status/503", exchange -> respond(exchange, 503, "unavailable"));
    server.createContext("/no-content", exchange -> {
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.createContext("/chunked", exchange -> {
      exchange.sendResponseHeaders(200, 0); // length 0: the JDK server sends chunks
      exchange.getResponseBody().write("first ".getBytes(StandardCharsets.UTF_8));
      exchange.getResponseBody().flush();
      exchange.getResponseBody().write("second".getBytes(StandardCharsets.UTF_8));
      exchange.close();
    });
    server.createContext("/big", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      byte[] block = "0123456789abcdef".repeat(4096).getBytes(StandardCharsets.US_ASCII); // 64 KiB
      try {
        for (int i = 0; i < 32; i++) { // 2 MiB, twice the limit
          exchange.getResponseBody().write(block);
        }
      } catch (IOException clientStoppedReading) {
        // expected once the probe has what it keeps
      }
      exchange.close();
    });
    server.createContext("/latin1", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=ISO-8859-1");
      byte[] body = "café".getBytes(StandardCharsets.ISO_8859_1);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.createContext("/r/relative", exchange -> redirect(exchange, 302, "../echo"));
    server.createContext("/r/absolute", exchange -> redirect(exchange, 301, base + "/echo"));
    server.createContext("/r/302", exchange -> redirect(exchange, 302, "/echo"));
    server.createContext("/r/303", exchange -> redirect(exchange, 303, "/echo"));
    server.createContext("/r/307", exchange -> redirect(exchange, 307, "/echo"));
    server.createContext("/r/308", exchange -> redirect(exchange, 308, "/echo"));
    server.createContext("/r/loop", exchange -> redirect(exchange, 302, "/r/loop"));
    server.createContext("/r/to-127", exchange -> redirect(exchange, 302, base + "/echo"));
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
  }

  @Test
  void aResponseIsMeasuredPhaseByPhase() {
    ProbeOutcome outcome = prober.probe(HttpTargets.get("http://localhost:" + port() + "/slow").build(), TIMEOUT);

    assertThat(outcome.failure()).isEmpty();
    assertThat(outcome.facts().connected()).isTrue();
    assertThat(outcome.facts().status()).hasValue(200);
    assertThat(outcome.facts().body()).hasValue("slow");
    assertThat(outcome.facts().ip()).hasValue("127.0.0.1");
    assertThat(outcome.timings().dns()).as("a name is resolved").isPresent();
    assertThat(outcome.timings().connect()).hasValueSatisfying(connect -> assertThat(connect).isPositive());
    assertThat(outcome.timings().tls()).as("no TLS over plain HTTP").isEmpty();
    assertThat(outcome.timings().firstByte()).hasValueSatisfying(firstByte -> assertThat(firstByte).isGreaterThanOrEqualTo(Duration.ofMillis(300)));
    assertThat(outcome.facts().responseTime()).isGreaterThan(outcome.timings().firstByte().get());
    assertThat(outcome.certificateExpiresAt()).isEmpty();
    assertThat(outcome.facts().certificateExpiration()).isEmpty();
  }

  @Test
  void anIpLiteralNeedsNoLookup() {
    ProbeOutcome outcome = prober.probe(HttpTargets.get(base + "/ok").build(), TIMEOUT);

    assertThat(outcome.facts().status()).hasValue(200);
    assertThat(outcome.timings().dns()).isEmpty();
    assertThat(outcome.timings().connect()).isPresent();
  }

  @Test
  void aStatusIsAFactNotAFailure() {
    ProbeOutcome outcome = prober.probe(HttpTargets.get(base + "/status/503").build(), TIMEOUT);

    assertThat(outcome.failure()).as("conditions judge the status").isEmpty();
    assertThat(outcome.facts().status()).hasValue(503);
    assertThat(outcome.facts().body()).hasValue("unavailable");
  }

  @Test
  void theRequestCarriesTheChecksMethodHeadersAndBody() {
    ProbeOutcome outcome = prober.probe(
        HttpTargets.get(base + "/echo?x=1").method("POST").header("X-Probe", "yes").header("Content-Type", "application/json").body("{\"é\":1}").build(), TIMEOUT);

    String echo = outcome.facts().body().orElseThrow();
    assertThat(echo).contains("method: POST", "uri: /echo?x=1", "x-probe: yes", "content-type: application/json",
        "user-agent: statuslog-checker", "connection: close", "content-length: 8" /* UTF-8 bytes: é takes two */, "host: 127.0.0.1:" + port(), "body: {\"é\":1}");
    assertThat(echo).as("no compression asked for").doesNotContain("accept-encoding");
  }

  @Test
  void aPostWithoutBodySaysItIsEmpty() {
    ProbeOutcome outcome = prober.probe(HttpTargets.get(base + "/echo").method("POST").build(), TIMEOUT);

    assertThat(outcome.facts().body().orElseThrow()).contains("method: POST", "content-length: 0");
  }

  @Test
  void aHeadRequestReadsNoBody() {
    ProbeOutcome outcome = prober.probe(HttpTargets.get(base + "/ok").method("HEAD").build(), TIMEOUT);

    assertThat(outcome.failure()).isEmpty();
    assertThat(outcome.facts().status()).hasValue(200);
    assertThat(outcome.facts().body()).hasValue("");
  }

  @Test
  void noContentHasNoBody() {
    ProbeOutcome outcome = prober.probe(HttpTargets.get(base + "/no-content").build(), TIMEOUT);

    assertThat(outcome.facts().status()).hasValue(204);
    assertThat(outcome.facts().body()).hasValue("");
  }

  @Test
  void aChunkedBodyIsReassembled() {
    ProbeOutcome outcome = prober.probe(HttpTargets.get(base + "/chunked").build(), TIMEOUT);

    assertThat(outcome.facts().body()).hasValue("first second");
  }

  @Test
  void aBodyIsDecodedInTheCharsetItDeclares() {
    ProbeOutcome outcome = prober.probe(HttpTargets.get(base + "/latin1").build(), TIMEOUT);

    assertThat(outcome.facts().body()).hasValue("café");
  }

  @Test
  void aBodyOverTheLimitIsCutAndSaysSo() {
    ProbeOutcome outcome = prober.probe(HttpTargets.get(base + "/big").build(), TIMEOUT);

    assertThat(outcome.failure()).isEmpty();
    String body = outcome.facts().body().orElseThrow();
    assertThat(body).hasSize(HttpProbe.MAX_BODY_BYTES + HttpProbe.BODY_CUT.length()).endsWith(HttpProbe.BODY_CUT);
  }

  @Test
  void chunkExtensionsAndTrailersAreRead() throws Exception {
    try (ScriptedServer chunks = new ScriptedServer(connection -> {
      readHead(connection.getInputStream());
      write(connection, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5;name=value\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: yes\r\n\r\n");
      holdOpen(connection); // a keep-alive server: the body's framing, not the close, ends it
    })) {
      ProbeOutcome outcome = prober.probe(HttpTargets.get("http://127.0.0.1:" + chunks.port() + "/").build(), TIMEOUT);

      assertThat(outcome.failure()).isEmpty();
      assertThat(outcome.facts().body()).hasValue("hello world");
      assertThat(outcome.facts().responseTime()).isLessThan(Duration.ofSeconds(1));
    }
  }

  @Test
  void aBodyWithoutLengthIsReadUntilTheServerCloses() throws Exception {
    try (ScriptedServer untilClose = new ScriptedServer(connection -> {
      readHead(connection.getInputStream());
      write(connection, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it");
    })) {
      ProbeOutcome outcome = prober.probe(HttpTargets.get("http://127.0.0.1:" + untilClose.port() + "/").build(), TIMEOUT);

      assertThat(outcome.failure()).isEmpty();
      assertThat(outcome.facts().body()).hasValue("all of it");
    }
  }

  @Test
  void interimResponsesAreSkipped() throws Exception {
    try (ScriptedServer earlyHints = new ScriptedServer(connection -> {
      readHead(connection.getInputStream());
      write(connection, "HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nmain");
    })) {
      ProbeOutcome outcome = prober.probe(HttpTargets.get("http://127.0.0.1:" + earlyHints.port() + "/").build(), TIMEOUT);

      assertThat(outcome.facts().status()).hasValue(200);
      assertThat(outcome.facts().body()).hasValue("main");
    }
  }

  @Test
  void eachProbeOpensItsOwnConnection() throws Exception {
    try (ScriptedServer keepAlive = keepAliveServer()) {
      Target.Http target = HttpTargets.get("http://127.0.0.1:" + keepAlive.port() + "/").build();

      for (int i = 0; i < 3; i++) {
        assertThat(prober.probe(target, TIMEOUT).facts().status()).hasValue(200);
      }

      assertThat(keepAlive.accepted()).isEqualTo(3);
    }
  }

  @Test
  void aListenerThatStoppedAcceptingIsDownOnTheNextProbe() throws Exception {
    try (ScriptedServer keepAlive = keepAliveServer()) {
      Target.Http target = HttpTargets.get("http://127.0.0.1:" + keepAlive.port() + "/").build();
      assertThat(prober.probe(target, TIMEOUT).facts().status()).hasValue(200);

      keepAlive.stopListening(); // connections already open would still be served

      ProbeOutcome outcome = prober.probe(target, TIMEOUT);
      assertThat(outcome.failure()).hasValueSatisfying(failure -> {
        assertThat(failure.kind()).isEqualTo(ErrorKind.CONNECTION);
        assertThat(failure.message()).isEqualTo("connection refused while connecting to 127.0.0.1:" + keepAlive.port());
      });
      assertThat(outcome.facts().connected()).isFalse();
    }
  }

  @Test
  void aCheckThatReusesConnectionsKeepsOneAndCannotSeeTheListenerStop() throws Exception {
    try (ScriptedServer keepAlive = keepAliveServer()) {
      Target.Http target = HttpTargets.get("http://127.0.0.1:" + keepAlive.port() + "/").reuseConnections(true).build();
      for (int i = 0; i < 3; i++) {
        assertThat(prober.probe(target, TIMEOUT).facts().status()).hasValue(200);
      }
      assertThat(keepAlive.accepted()).isEqualTo(1);

      keepAlive.stopListening();

      ProbeOutcome outcome = prober.probe(target, TIMEOUT);
      assertThat(outcome.facts().status()).as("the trade-off the check chose").hasValue(200);
      assertThat(outcome.timings()).isEqualTo(ProbeOutcome.Timings.NONE);
    }
  }

  @Test
  void aServerThatAcceptsButNeverAnswersTimesOutAtTheTimeout() throws Exception {
    try (ScriptedServer silent = new ScriptedServer(ScriptedServer::holdOpen)) {
      Duration timeout = Duration.ofMillis(500);

      ProbeOutcome outcome = prober.probe(HttpTargets.get("http://127.0.0.1:" + silent.port() + "/").build(), timeout);

      assertThat(outcome.failure()).hasValueSatisfying(failure -> {
        assertThat(failure.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(failure.message()).isEqualTo("timed out after 500 ms while waiting for the response from 127.0.0.1:" + silent.port());
      });
      assertWaitedTheTimeout(outcome, timeout);
      assertThat(outcome.facts().connected()).isTrue();
      assertThat(outcome.timings().connect()).isPresent();
      assertThat(outcome.timings().firstByte()).isEmpty();
    }
  }

  @Test
  void aListenerThatNeverAcceptsTimesOut() throws Exception {
    // The kernel completes the handshake into the backlog; nothing ever reads the request.
    try (ServerSocket backlogOnly = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Duration timeout = Duration.ofMillis(400);

      ProbeOutcome outcome = prober.probe(HttpTargets.get("http://127.0.0.1:" + backlogOnly.getLocalPort() + "/").build(), timeout);

      assertThat(outcome.failure()).hasValueSatisfying(failure -> assertThat(failure.kind()).isEqualTo(ErrorKind.TIMEOUT));
      assertWaitedTheTimeout(outcome, timeout);
    }
  }

  @Test
  void aSlowBodyTimesOutAtTheTimeoutWithTheStatusKnown() throws Exception {
    try (ScriptedServer dribble = new ScriptedServer(connection -> {
      readHead(connection.getInputStream());
      write(connection, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nstart");
      for (int i = 0; i < 100; i++) {
        sleep(100);
        write(connection, ".");
      }
    })) {
      Duration timeout = Duration.ofMillis(700);

      ProbeOutcome outcome = prober.probe(HttpTargets.get("http://127.0.0.1:" + dribble.port() + "/").build(), timeout);

      assertThat(outcome.failure()).hasValueSatisfying(failure -> {
        assertThat(failure.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(failure.message()).contains("while reading the body");
      });
      assertThat(outcome.facts().status()).hasValue(200);
      assertWaitedTheTimeout(outcome, timeout);
    }
  }

  @Test
  void aNameThatTakesTooLongToResolveTimesOutAtTheTimeout() {
    Duration timeout = Duration.ofMillis(300);

    ProbeOutcome outcome = prober.probe(HttpTargets.get("http://hang-http" + TestResolverProvider.DOMAIN + "/").build(), timeout);

    assertThat(outcome.failure()).hasValueSatisfying(failure -> {
      assertThat(failure.kind()).isEqualTo(ErrorKind.TIMEOUT);
      assertThat(failure.message()).isEqualTo("timed out after 300 ms while resolving hang-http.probe.test");
    });
    assertWaitedTheTimeout(outcome, timeout);
  }

  @Test
  void aClosedPortIsRefused() throws Exception {
    int port = closedPort();

    ProbeOutcome outcome = prober.probe(HttpTargets.get("http://127.0.0.1:" + port + "/").build(), TIMEOUT);

    assertThat(outcome.failure()).hasValueSatisfying(failure -> assertThat(failure.kind()).isEqualTo(ErrorKind.CONNECTION));
    assertThat(outcome.facts().connected()).isFalse();
    assertThat(outcome.timings().connect()).as("a connect that failed has no connect time").isEmpty();
    assertThat(outcome.facts().responseTime()).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void anUnknownHostIsADnsFailure() {
    ProbeOutcome outcome = prober.probe(HttpTargets.get("http://nxdomain" + TestResolverProvider.DOMAIN + "/").build(), TIMEOUT);

    assertThat(outcome.failure()).hasValueSatisfying(failure -> {
      assertThat(failure.kind()).isEqualTo(ErrorKind.DNS);
      assertThat(failure.message()).isEqualTo("unknown host: nxdomain.probe.test");
    });
  }

  @Test
  void aSharedClientSortsFailuresTheSameWay() throws Exception {
    ProbeOutcome unknown = prober.probe(HttpTargets.get("http://nxdomain" + TestResolverProvider.DOMAIN + "/").reuseConnections(true).build(), TIMEOUT);
    ProbeOutcome refused = prober.probe(HttpTargets.get("http://127.0.0.1:" + closedPort() + "/").reuseConnections(true).build(), TIMEOUT);

    assertThat(unknown.failure()).hasValueSatisfying(failure -> assertThat(failure.kind()).isEqualTo(ErrorKind.DNS));
    assertThat(refused.failure()).hasValueSatisfying(failure -> assertThat(failure.kind()).isEqualTo(ErrorKind.CONNECTION));
    try (ScriptedServer hangUp = new ScriptedServer(connection -> readHead(connection.getInputStream()))) {
      ProbeOutcome closed = prober.probe(HttpTargets.get("http://127.0.0.1:" + hangUp.port() + "/").reuseConnections(true).build(), TIMEOUT);
      assertThat(closed.failure()).hasValueSatisfying(failure -> assertThat(failure.kind()).isEqualTo(ErrorKind.CONNECTION));
    }
  }

  @Test
  void aServerThatClosesWithoutAnsweringIsAConnectionFailure() throws Exception {
    try (ScriptedServer hangUp = new ScriptedServer(connection -> readHead(connection.getInputStream()))) {
      ProbeOutcome outcome = prober.probe(HttpTargets.get("http://127.0.0.1:" + hangUp.port() + "/").build(), TIMEOUT);

      assertThat(outcome.failure()).hasValueSatisfying(failure -> {
        assertThat(failure.kind()).isEqualTo(ErrorKind.CONNECTION);
        assertThat(failure.message()).startsWith("connection closed by the server while waiting for the response");
      });
    }
  }

  @Test
  void aBodyShorterThanItsLengthIsAConnectionFailure() throws Exception {
    try (ScriptedServer shortBody = new ScriptedServer(connection -> {
      readHead(connection.getInputStream());
      write(connection, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this");
    })) {
      ProbeOutcome outcome = prober.probe(HttpTargets.get("http://127.0.0.1:" + shortBody.port() + "/").build(), TIMEOUT);

      assertThat(outcome.failure()).hasValueSatisfying(failure -> {
        assertThat(failure.kind()).isEqualTo(ErrorKind.CONNECTION);
        assertThat(failure.message()).contains("while reading the body");
      });
    }
  }

  @Test
  void aServerSpeakingAnotherProtocolIsNamed() throws Exception {
    try (ScriptedServer ssh = new ScriptedServer(connection -> {
      write(connection, "SSH-2.0-OpenSSH_9.6\r\n");
      holdOpen(connection);
    })) {
      ProbeOutcome outcome = prober.probe(HttpTargets.get("http://127.0.0.1:" + ssh.port() + "/").build(), TIMEOUT);

      assertThat(outcome.failure()).hasValueSatisfying(failure -> {
        assertThat(failure.kind()).isEqualTo(ErrorKind.OTHER);
        assertThat(failure.message()).isEqualTo("not an HTTP/1.x response: \"SSH-2.0-OpenSSH_9.6\"");
      });
    }
  }

  @Test
  void redirectsAreFollowedRelativeAndAbsolute() {
    ProbeOutcome relative = prober.probe(HttpTargets.get(base + "/r/relative").build(), TIMEOUT);
    ProbeOutcome absolute = prober.probe(HttpTargets.get(base + "/r/absolute").build(), TIMEOUT);

    assertThat(relative.facts().status()).hasValue(200);
    assertThat(relative.facts().body().orElseThrow()).contains("uri: /echo");
    assertThat(absolute.facts().status()).hasValue(200);
    assertThat(absolute.facts().body().orElseThrow()).contains("uri: /echo");
  }

  @Test
  void aRedirectLoopStopsAtTheLimit() {
    ProbeOutcome redirected = prober.probe(HttpTargets.get(base + "/r/loop").maxRedirects(3).build(), TIMEOUT);

    assertThat(redirected.failure()).hasValueSatisfying(failure -> {
      assertThat(failure.kind()).isEqualTo(ErrorKind.OTHER);
      assertThat(failure.message()).isEqualTo("stopped after 3 redirects; the last one, 302, to /r/loop");
    });
    assertThat(redirected.facts().status()).hasValue(302);
    assertThat(redirected.timings().firstByte()).isPresent();
  }

  @Test
  void seeOtherAndFoundTurnAPostIntoAGetWithoutBody() {
    for (String path : List.of("/r/303", "/r/302")) {
      ProbeOutcome outcome = prober.probe(HttpTargets.get(base + path).method("POST").header("Content-Type", "text/plain").body("payload").build(), TIMEOUT);

      String echo = outcome.facts().body().orElseThrow();
      assertThat(echo).as(path).contains("method: GET", "body: ").doesNotContain("payload", "content-type");
    }
  }

  @Test
  void temporaryAndPermanentRedirectsKeepMethodAndBody() {
    for (String path : List.of("/r/307", "/r/308")) {
      ProbeOutcome outcome = prober.probe(HttpTargets.get(base + path).method("POST").body("payload").build(), TIMEOUT);

      assertThat(outcome.facts().body().orElseThrow()).as(path).contains("method: POST", "body: payload");
    }
  }

  @Test
  void credentialsDoNotFollowARedirectToAnotherHost() {
    ProbeOutcome outcome = prober.probe(
        HttpTargets.get("http://localhost:" + port() + "/r/to-127").header("Authorization", "Bearer secret").header("X-Kept", "1").build(), TIMEOUT);

    String echo = outcome.facts().body().orElseThrow();
    assertThat(echo).contains("uri: /echo", "x-kept: 1").doesNotContain("secret");
  }

  @Test
  void withoutFollowingTheRedirectIsTheResponse() {
    ProbeOutcome outcome = prober.probe(HttpTargets.get(base + "/r/302").followRedirects(false).build(), TIMEOUT);

    assertThat(outcome.failure()).isEmpty();
    assertThat(outcome.facts().status()).hasValue(302);
  }

  @Test
  void redirectsWorkTheSameOnASharedClient() {
    ProbeOutcome followed = prober.probe(HttpTargets.get(base + "/r/303").method("POST").body("payload").reuseConnections(true).build(), TIMEOUT);
    ProbeOutcome loop = prober.probe(HttpTargets.get(base + "/r/loop").maxRedirects(2).reuseConnections(true).build(), TIMEOUT);

    assertThat(followed.facts().body().orElseThrow()).contains("method: GET", "uri: /echo").doesNotContain("payload");
    assertThat(loop.failure()).hasValueSatisfying(failure -> assertThat(failure.message()).isEqualTo("stopped after 2 redirects; the last one, 302, to /r/loop"));
  }

  @Test
  void aSharedClientTimesOutAtTheTimeoutToo() throws Exception {
    try (ScriptedServer silent = new ScriptedServer(ScriptedServer::holdOpen)) {
      Duration timeout = Duration.ofMillis(500);

      ProbeOutcome outcome = prober.probe(HttpTargets.get("http://127.0.0.1:" + silent.port() + "/").reuseConnections(true).build(), timeout);

      assertThat(outcome.failure()).hasValueSatisfying(failure -> assertThat(failure.kind()).isEqualTo(ErrorKind.TIMEOUT));
      assertWaitedTheTimeout(outcome, timeout);
    }
  }

  static void assertWaitedTheTimeout(ProbeOutcome outcome, Duration timeout) {
    // A few ms beyond the timeout on an idle machine; the margin is for a loaded 2-core CI box.
    assertThat(outcome.facts().responseTime()).isBetween(timeout, timeout.plusMillis(150));
  }

  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static ScriptedServer keepAliveServer() throws IOException {
    return new ScriptedServer(connection -> {
      InputStream in = connection.getInputStream();
      while (readHead(in) != null) {
        write(connection, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      }
    });
  }

  private static int port() {
    return server.getAddress().getPort();
  }

  private static void echo(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new TreeMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
    StringBuilder text = new StringBuilder();
    text.append("method: ").append(exchange.getRequestMethod()).append('\n');
    text.append("uri: ").append(exchange.getRequestURI()).append('\n');
    headers.forEach((name, value) -> text.append(name).append(": ").append(value).append('\n'));
    text.append("body: ").append(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    respond(exchange, 200, text.toString());
  }

  private static void redirect(HttpExchange exchange, int status, String location) throws IOException {
    exchange.getRequestBody().readAllBytes();
    exchange.getResponseHeaders().set("Location", location);
    respond(exchange, status, "moved");
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, exchange.getRequestMethod().equals("HEAD") ? -1 : bytes.length);
    if (!exchange.getRequestMethod().equals("HEAD")) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
