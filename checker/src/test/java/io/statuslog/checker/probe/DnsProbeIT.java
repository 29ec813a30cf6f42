package io.statuslog.checker.probe;

import static io.statuslog.checker.probe.HttpProbeIT.assertWaitedTheTimeout;
import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.checker.core.ProbeOutcome;
import io.statuslog.checker.core.Target;
import io.statuslog.checker.core.Target.DnsQueryType;
import io.statuslog.schemas.events.ErrorKind;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;

/** DNS checks against a DNS responder on loopback UDP with a fixed zone. */
class DnsProbeIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static DnsResponder responder;

  private final NetworkProber prober = new NetworkProber(Clock.systemUTC());

  @BeforeAll
  static void startResponder() throws Exception {
    responder = new DnsResponder()
        .add(new ARecord(name("example.test."), DClass.IN, 300, InetAddress.getByName("192.0.2.1")))
        .add(new ARecord(name("example.test."), DClass.IN, 300, InetAddress.getByName("192.0.2.2")))
        .add(new AAAARecord(name("example.test."), DClass.IN, 300, InetAddress.getByName("2001:db8:0:0:0:0:0:1")))
        .add(new CNAMERecord(name("www.example.test."), DClass.IN, 300, name("example.test.")))
        .add(new MXRecord(name("example.test."), DClass.IN, 300, 10, name("mail.example.test.")))
        .add(new NSRecord(name("example.test."), DClass.IN, 300, name("ns1.example.test.")))
        .add(new TXTRecord(name("example.test."), DClass.IN, 300, List.of("v=spf1 ", "-all")))
        .add(new TXTRecord(name("example.test."), DClass.IN, 300, "verification=abc"))
        .failing("broken.example.test.")
        .silent("silent.example.test.");
  }

  @AfterAll
  static void stopResponder() {
    responder.close();
  }

  @Test
  void anAnswerIsConnectedWithItsRcodeDataAndResolver() {
    ProbeOutcome outcome = prober.probe(dns("example.test", DnsQueryType.A), TIMEOUT);

    assertThat(outcome.failure()).isEmpty();
    assertThat(outcome.facts().connected()).isTrue();
    assertThat(outcome.facts().dnsRcode()).hasValue("NOERROR");
    assertThat(outcome.facts().body()).as("the last answer, as in Gatus").hasValue("192.0.2.2");
    assertThat(outcome.facts().ip()).as("the resolver, as in Gatus").hasValue("127.0.0.1");
    assertThat(outcome.facts().status()).isEmpty();
    assertThat(outcome.timings().dns()).hasValueSatisfying(query -> assertThat(query).isPositive());
  }

  @Test
  void eachRecordTypeFillsTheBodyAsGatusDoes() {
    assertThat(body("example.test", DnsQueryType.AAAA)).isEqualTo("2001:db8::1");
    assertThat(body("www.example.test", DnsQueryType.CNAME)).isEqualTo("example.test.");
    assertThat(body("www.example.test", DnsQueryType.A)).as("through the CNAME, the last address").isEqualTo("192.0.2.2");
    assertThat(body("example.test", DnsQueryType.MX)).isEqualTo("mail.example.test.");
    assertThat(body("example.test", DnsQueryType.NS)).isEqualTo("ns1.example.test.");
    assertThat(body("example.test", DnsQueryType.TXT)).isEqualTo("v=spf1 -all\nverification=abc");
  }

  @Test
  void aNameThatDoesNotExistIsAnAnswerForConditionsToJudge() {
    ProbeOutcome outcome = prober.probe(dns("missing.example.test", DnsQueryType.A), TIMEOUT);

    assertThat(outcome.failure()).isEmpty();
    assertThat(outcome.facts().connected()).isTrue();
    assertThat(outcome.facts().dnsRcode()).hasValue("NXDOMAIN");
    assertThat(outcome.facts().body()).hasValue("");
  }

  @Test
  void aServerFailureIsReportedAsItsRcode() {
    ProbeOutcome outcome = prober.probe(dns("broken.example.test", DnsQueryType.A), TIMEOUT);

    assertThat(outcome.facts().dnsRcode()).hasValue("SERVFAIL");
  }

  @Test
  void aResolverThatNeverAnswersTimesOutAtTheTimeout() {
    Duration timeout = Duration.ofMillis(500);

    ProbeOutcome outcome = prober.probe(dns("silent.example.test", DnsQueryType.A), timeout);

    assertThat(outcome.failure()).hasValueSatisfying(failure -> {
      assertThat(failure.kind()).isEqualTo(ErrorKind.TIMEOUT);
      assertThat(failure.message()).isEqualTo("timed out after 500 ms while waiting for the answer from 127.0.0.1:" + responder.port());
    });
    assertThat(outcome.facts().connected()).isFalse();
    assertWaitedTheTimeout(outcome, timeout);
  }

  @Test
  void aResolverThatIsNotThereIsNotConnected() throws Exception {
    int closed = closedUdpPort();
    Duration timeout = Duration.ofMillis(500);

    ProbeOutcome outcome = prober.probe(new Target.Dns("example.test", DnsQueryType.A, Optional.of("127.0.0.1"), closed), timeout);

    assertThat(outcome.failure()).hasValueSatisfying(failure -> assertThat(failure.kind()).isIn(ErrorKind.CONNECTION, ErrorKind.TIMEOUT));
    assertThat(outcome.facts().connected()).isFalse();
    assertThat(outcome.facts().responseTime()).isLessThanOrEqualTo(timeout.plusMillis(150));
  }

  private String body(String name, DnsQueryType type) {
    ProbeOutcome outcome = prober.probe(dns(name, type), TIMEOUT);
    assertThat(outcome.failure()).isEmpty();
    return outcome.facts().body().orElseThrow();
  }

  private static Target.Dns dns(String name, DnsQueryType type) {
    return new Target.Dns(name, type, Optional.of("127.0.0.1"), responder.port());
  }

  private static Name name(String text) throws Exception {
    return Name.fromString(text);
  }

  private static int closedUdpPort() throws Exception {
    try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
