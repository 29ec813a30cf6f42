package io.statuslog.checker.probe;

import static io.statuslog.checker.probe.HttpProbeIT.assertWaitedTheTimeout;
import static io.statuslog.checker.probe.ScriptedServer.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import io.statuslog.checker.core.ProbeOutcome;
import io.statuslog.checker.core.Target;
import io.statuslog.schemas.events.ErrorKind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTPS probes against JDK HTTPS servers with certificates made for each case: valid, self-signed, expired, for another host. */
class HttpsProbeIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final TestCertificates CERTIFICATES = new TestCertificates();
  private static final Instant EXPIRED_ON = LocalDate.now(ZoneOffset.UTC).minusDays(10).atStartOfDay(ZoneOffset.UTC).toInstant();

  private static TestCertificates.Issued validIssued;
  private static HttpsServer validServer;
  private static HttpsServer selfSignedServer;
  private static HttpsServer expiredServer;
  private static HttpsServer otherHostServer;
  private static volatile long lastSessionCreated;

  private final NetworkProber prober = new NetworkProber(Clock.systemUTC(), CERTIFICATES.trustStore());

  @BeforeAll
  static void startServers() throws IOException {
    validIssued = CERTIFICATES.valid("localhost", "127.0.0.1");
    validServer = https(validIssued.serverTls());
    selfSignedServer = https(TestCertificates.selfSigned("localhost", "127.0.0.1").serverTls());
    expiredServer = https(CERTIFICATES.issue("localhost", EXPIRED_ON.minus(Duration.ofDays(90)), EXPIRED_ON, "localhost", "127.0.0.1").serverTls());
    otherHostServer = https(CERTIFICATES.valid("other.example").serverTls());
  }

  @AfterAll
  static void stopServers() {
    for (HttpsServer server : new HttpsServer[] {validServer, selfSignedServer, expiredServer, otherHostServer}) {
      server.stop(0);
    }
  }

  @Test
  void aVerifiedResponseIsMeasuredWithItsHandshakeAndCertificate() {
    ProbeOutcome outcome = prober.probe(get(validServer, "localhost").build(), TIMEOUT);

    assertThat(outcome.failure()).isEmpty();
    assertThat(outcome.facts().status()).hasValue(200);
    assertThat(outcome.facts().body()).hasValue("secure");
    assertThat(outcome.timings().dns()).isPresent();
    assertThat(outcome.timings().connect()).hasValueSatisfying(connect -> assertThat(connect).isPositive());
    assertThat(outcome.timings().tls()).hasValueSatisfying(tls -> assertThat(tls).isPositive());
    assertThat(outcome.timings().firstByte()).isPresent();
    Instant notAfter = validIssued.certificate().getNotAfter().toInstant();
    assertThat(outcome.certificateExpiresAt()).hasValue(notAfter);
    assertThat(outcome.facts().certificateExpiration()).hasValueSatisfying(left ->
        assertThat(left.toSeconds()).isCloseTo(Duration.between(Instant.now(), notAfter).toSeconds(), within(5L)));
  }

  @Test
  void anIpAddressIsVerifiedAgainstTheCertificatesAddresses() {
    ProbeOutcome outcome = prober.probe(get(validServer, "127.0.0.1").build(), TIMEOUT);

    assertThat(outcome.failure()).isEmpty();
    assertThat(outcome.facts().status()).hasValue(200);
  }

  @Test
  void everyProbeMakesAFullHandshake() {
    // A resumed session skips verifying the certificate. The server's session for a resumed
    // connection is the one created by an earlier handshake; for a full handshake, a new one.
    Target.Http target = get(validServer, "localhost").build();

    for (int i = 0; i < 3; i++) {
      HttpProbeIT.sleep(20);
      long probeStarted = System.currentTimeMillis();

      assertThat(prober.probe(target, TIMEOUT).facts().status()).hasValue(200);

      assertThat(lastSessionCreated).as("probe %d: the server's TLS session was created by this probe", i).isGreaterThanOrEqualTo(probeStarted);
    }
  }

  @Test
  void aSelfSignedCertificateIsRefusedUnlessVerificationIsOff() {
    ProbeOutcome verified = prober.probe(get(selfSignedServer, "localhost").build(), TIMEOUT);
    ProbeOutcome unverified = prober.probe(get(selfSignedServer, "localhost").verifyTls(false).build(), TIMEOUT);

    assertThat(verified.failure()).hasValueSatisfying(failure -> {
      assertThat(failure.kind()).isEqualTo(ErrorKind.TLS);
      assertThat(failure.message()).isEqualTo("unable to find valid certification path to a trusted certificate (self-signed)");
    });
    assertThat(verified.facts().connected()).isFalse();
    assertThat(verified.facts().status()).isEmpty();
    assertThat(unverified.failure()).isEmpty();
    assertThat(unverified.facts().status()).hasValue(200);
    assertThat(unverified.timings().tls()).isPresent();
  }

  @Test
  void anExpiredCertificateSaysWhenItExpired() {
    ProbeOutcome verified = prober.probe(get(expiredServer, "localhost").build(), TIMEOUT);
    ProbeOutcome unverified = prober.probe(get(expiredServer, "localhost").verifyTls(false).build(), TIMEOUT);

    assertThat(verified.failure()).hasValueSatisfying(failure -> {
      assertThat(failure.kind()).isEqualTo(ErrorKind.TLS);
      assertThat(failure.message()).isEqualTo("certificate expired on " + LocalDate.ofInstant(EXPIRED_ON, ZoneOffset.UTC));
    });
    assertThat(verified.certificateExpiresAt()).as("reported even when refused").hasValue(EXPIRED_ON.truncatedTo(ChronoUnit.SECONDS));
    assertThat(verified.facts().certificateExpiration()).hasValueSatisfying(left -> assertThat(left).isNegative());
    assertThat(unverified.facts().status()).hasValue(200);
    assertThat(unverified.facts().certificateExpiration()).hasValueSatisfying(left -> assertThat(left).isNegative());
  }

  @Test
  void aCertificateForAnotherHostSaysWhichNamesItHas() {
    ProbeOutcome verified = prober.probe(get(otherHostServer, "localhost").build(), TIMEOUT);
    ProbeOutcome unverified = prober.probe(get(otherHostServer, "localhost").verifyTls(false).build(), TIMEOUT);

    assertThat(verified.failure()).hasValueSatisfying(failure -> {
      assertThat(failure.kind()).isEqualTo(ErrorKind.TLS);
      assertThat(failure.message()).isEqualTo("certificate does not match host localhost (it names other.example)");
    });
    assertThat(unverified.facts().status()).hasValue(200);
  }

  @Test
  void theJvmTrustStoreDoesNotTrustATestCa() {
    ProbeOutcome outcome = new NetworkProber(Clock.systemUTC()).probe(get(validServer, "localhost").build(), TIMEOUT);

    assertThat(outcome.failure()).hasValueSatisfying(failure -> {
      assertThat(failure.kind()).isEqualTo(ErrorKind.TLS);
      assertThat(failure.message()).isEqualTo("unable to find valid certification path to a trusted certificate (issued by Statuslog Test CA)");
    });
  }

  @Test
  void plainHttpOnAnHttpsUrlIsATlsFailure() throws Exception {
    try (ScriptedServer plain = new ScriptedServer(connection -> {
      connection.getInputStream().read(new byte[1024]); // a ClientHello, which is no HTTP request
      write(connection, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    })) {
      ProbeOutcome outcome = prober.probe(HttpTargets.get("https://127.0.0.1:" + plain.port() + "/").build(), TIMEOUT);

      assertThat(outcome.failure()).hasValueSatisfying(failure -> {
        assertThat(failure.kind()).isEqualTo(ErrorKind.TLS);
        assertThat(failure.message()).isEqualTo("the server did not answer in TLS (plain HTTP on this port?)");
      });
    }
  }

  @Test
  void aHandshakeThatNeverCompletesTimesOutAtTheTimeout() throws Exception {
    try (ScriptedServer silent = new ScriptedServer(ScriptedServer::holdOpen)) {
      Duration timeout = Duration.ofMillis(500);

      ProbeOutcome outcome = prober.probe(HttpTargets.get("https://127.0.0.1:" + silent.port() + "/").build(), timeout);

      assertThat(outcome.failure()).hasValueSatisfying(failure -> {
        assertThat(failure.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(failure.message()).isEqualTo("timed out after 500 ms while in the TLS handshake with 127.0.0.1:" + silent.port());
      });
      assertWaitedTheTimeout(outcome, timeout);
      assertThat(outcome.timings().connect()).isPresent();
      assertThat(outcome.timings().tls()).isEmpty();
    }
  }

  @Test
  void aSharedClientVerifiesToo() {
    ProbeOutcome good = prober.probe(get(validServer, "localhost").reuseConnections(true).build(), TIMEOUT);
    ProbeOutcome expired = prober.probe(get(expiredServer, "localhost").reuseConnections(true).build(), TIMEOUT);
    ProbeOutcome expiredUnverified = prober.probe(get(expiredServer, "localhost").reuseConnections(true).verifyTls(false).build(), TIMEOUT);

    assertThat(good.facts().status()).hasValue(200);
    assertThat(good.certificateExpiresAt()).hasValue(validIssued.certificate().getNotAfter().toInstant());
    assertThat(expired.failure()).hasValueSatisfying(failure -> {
      assertThat(failure.kind()).isEqualTo(ErrorKind.TLS);
      assertThat(failure.message()).startsWith("certificate expired on");
    });
    assertThat(expiredUnverified.facts().status()).hasValue(200);
  }

  private static HttpTargets get(HttpsServer server, String host) {
    return HttpTargets.get("https://" + host + ":" + server.getAddress().getPort() + "/");
  }

  private static HttpsServer https(TestCertificates.ServerTls tls) throws IOException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setHttpsConfigurator(new HttpsConfigurator(tls.context));
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", exchange -> {
      lastSessionCreated = ((HttpsExchange) exchange).getSSLSession().getCreationTime();
      byte[] body = "secure".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }
}
