package io.statuslog.checker.probe;

import static io.statuslog.checker.probe.HttpProbeIT.assertWaitedTheTimeout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statuslog.checker.core.ProbeOutcome;
import io.statuslog.checker.core.Target;
import io.statuslog.schemas.events.ErrorKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TLS checks against TLS listeners on loopback, each serving a certificate made for the case. */
class TlsProbeIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final TestCertificates CERTIFICATES = new TestCertificates();

  private final NetworkProber prober = new NetworkProber(Clock.systemUTC(), CERTIFICATES.trustStore());

  @Test
  void aVerifiedHandshakeIsConnectedAndSaysWhenTheCertificateExpires() throws Exception {
    TestCertificates.Issued issued = CERTIFICATES.valid("localhost");
    try (ScriptedServer server = tlsServer(issued.serverTls())) {
      ProbeOutcome outcome = prober.probe(new Target.Tls("localhost", server.port()), TIMEOUT);

      assertThat(outcome.failure()).isEmpty();
      assertThat(outcome.facts().connected()).isTrue();
      assertThat(outcome.facts().ip()).hasValue("127.0.0.1");
      assertThat(outcome.timings().connect()).isPresent();
      assertThat(outcome.timings().tls()).hasValueSatisfying(tls -> assertThat(tls).isPositive());
      assertThat(outcome.timings().firstByte()).isEmpty();
      assertThat(outcome.certificateExpiresAt()).hasValue(issued.certificate().getNotAfter().toInstant());
      assertThat(outcome.facts().certificateExpiration()).hasValueSatisfying(left ->
          assertThat(left).isBetween(Duration.ofDays(89), Duration.ofDays(90)));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
  void everyProbeMakesAFullHandshake(String protocol) throws Exception {
    // A resumed session (a TLS 1.2 session id or ticket, a TLS 1.3 ticket) skips verifying the
    // certificate. The server's session for a resumed connection is the one an earlier handshake
    // created; for a full handshake, a new one.
    AtomicLong sessionCreated = new AtomicLong();
    TestCertificates.ServerTls tls = new TestCertificates.ServerTls(List.of(protocol), CERTIFICATES.valid("localhost"));
    try (ScriptedServer server = new ScriptedServer(connection -> {
      SSLSocket secure = (SSLSocket) connection;
      secure.startHandshake();
      sessionCreated.set(secure.getSession().getCreationTime());
      ScriptedServer.holdOpen(connection);
    }, tls)) {
      for (int i = 0; i < 3; i++) {
        HttpProbeIT.sleep(20);
        long probeStarted = System.currentTimeMillis();

        ProbeOutcome outcome = prober.probe(new Target.Tls("localhost", server.port()), TIMEOUT);

        assertThat(outcome.facts().connected()).isTrue();
        int probe = i;
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
            assertThat(sessionCreated.get()).as("probe %d: the server's TLS session was created by this probe", probe).isGreaterThanOrEqualTo(probeStarted));
      }
    }
  }

  @Test
  void anExpiredCertificateFailsWithItsDate() throws Exception {
    Instant expiredOn = LocalDate.now(ZoneOffset.UTC).minusDays(3).atStartOfDay(ZoneOffset.UTC).toInstant();
    try (ScriptedServer server = tlsServer(CERTIFICATES.issue("localhost", expiredOn.minus(Duration.ofDays(30)), expiredOn, "localhost").serverTls())) {
      ProbeOutcome outcome = prober.probe(new Target.Tls("localhost", server.port()), TIMEOUT);

      assertThat(outcome.failure()).hasValueSatisfying(failure -> {
        assertThat(failure.kind()).isEqualTo(ErrorKind.TLS);
        assertThat(failure.message()).isEqualTo("certificate expired on " + LocalDate.ofInstant(expiredOn, ZoneOffset.UTC));
      });
      assertThat(outcome.facts().connected()).as("the connection the check asks for is a verified one").isFalse();
      assertThat(outcome.facts().certificateExpiration()).hasValueSatisfying(left ->
          assertThat(left).isBetween(Duration.ofDays(-4), Duration.ofDays(-2)));
    }
  }

  @Test
  void aCertificateForAnotherHostFails() throws Exception {
    try (ScriptedServer server = tlsServer(CERTIFICATES.valid("db.internal", "10.1.2.3").serverTls())) {
      ProbeOutcome outcome = prober.probe(new Target.Tls("localhost", server.port()), TIMEOUT);

      assertThat(outcome.failure()).hasValueSatisfying(failure -> {
        assertThat(failure.kind()).isEqualTo(ErrorKind.TLS);
        assertThat(failure.message()).isEqualTo("certificate does not match host localhost (it names db.internal, 10.1.2.3)");
      });
    }
  }

  @Test
  void aSelfSignedCertificateFails() throws Exception {
    try (ScriptedServer server = tlsServer(TestCertificates.selfSigned("localhost").serverTls())) {
      ProbeOutcome outcome = prober.probe(new Target.Tls("localhost", server.port()), TIMEOUT);

      assertThat(outcome.failure()).hasValueSatisfying(failure -> {
        assertThat(failure.kind()).isEqualTo(ErrorKind.TLS);
        assertThat(failure.message()).startsWith("unable to find valid certification path");
      });
    }
  }

  @Test
  void aClosedPortIsAConnectionFailure() throws Exception {
    ProbeOutcome outcome = prober.probe(new Target.Tls("127.0.0.1", HttpProbeIT.closedPort()), TIMEOUT);

    assertThat(outcome.failure()).hasValueSatisfying(failure -> assertThat(failure.kind()).isEqualTo(ErrorKind.CONNECTION));
    assertThat(outcome.facts().connected()).isFalse();
  }

  @Test
  void aServerThatNeverAnswersTheHandshakeTimesOutAtTheTimeout() throws Exception {
    try (ScriptedServer silent = new ScriptedServer(ScriptedServer::holdOpen)) {
      Duration timeout = Duration.ofMillis(400);

      ProbeOutcome outcome = prober.probe(new Target.Tls("127.0.0.1", silent.port()), timeout);

      assertThat(outcome.failure()).hasValueSatisfying(failure -> assertThat(failure.kind()).isEqualTo(ErrorKind.TIMEOUT));
      assertWaitedTheTimeout(outcome, timeout);
    }
  }

  private static ScriptedServer tlsServer(TestCertificates.ServerTls tls) throws Exception {
    // Writes a byte once the handshake is done, so a client that reads gets a TLS 1.3 session ticket.
    return new ScriptedServer(connection -> {
      connection.getOutputStream().write('!');
      connection.getOutputStream().flush();
      ScriptedServer.holdOpen(connection);
    }, tls);
  }
}
