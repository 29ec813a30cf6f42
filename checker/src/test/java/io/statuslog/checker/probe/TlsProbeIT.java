package io.statuslog.checker.probe;

import static io.statuslog.checker.probe.HttpProbeIT.assertWaitedTheTimeout;
import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.checker.core.ProbeOutcome;
import io.statuslog.checker.core.Target;
import io.statuslog.schemas.events.ErrorKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

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

  @Test
  void everyProbeVerifiesAFreshHandshake() throws Exception {
    TestCertificates.ServerTls tls = CERTIFICATES.valid("localhost").serverTls();
    try (ScriptedServer server = tlsServer(tls)) {
      for (int i = 0; i < 3; i++) {
        assertThat(prober.probe(new Target.Tls("localhost", server.port()), TIMEOUT).facts().connected()).isTrue();
      }

      assertThat(tls.fullHandshakes.get()).isEqualTo(3);
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
    return new ScriptedServer(ScriptedServer::holdOpen, tls.context);
  }
}
