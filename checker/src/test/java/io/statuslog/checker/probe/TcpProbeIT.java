package io.statuslog.checker.probe;

import static io.statuslog.checker.probe.HttpProbeIT.assertWaitedTheTimeout;
import static io.statuslog.checker.probe.ScriptedServer.holdOpen;
import static io.statuslog.checker.probe.ScriptedServer.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.checker.core.ProbeOutcome;
import io.statuslog.checker.core.Target;
import io.statuslog.schemas.events.ErrorKind;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** TCP checks against listeners on loopback: a Redis-like PING/PONG, a banner, silence, a closed port. */
class TcpProbeIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final NetworkProber prober = new NetworkProber(Clock.systemUTC());

  @Test
  void connectingIsTheWholeProbeWithoutSendOrExpect() throws Exception {
    try (ScriptedServer server = new ScriptedServer(ScriptedServer::holdOpen)) {
      ProbeOutcome outcome = prober.probe(tcp(server, null, null), TIMEOUT);

      assertThat(outcome.failure()).isEmpty();
      assertThat(outcome.facts().connected()).isTrue();
      assertThat(outcome.facts().ip()).hasValue("127.0.0.1");
      assertThat(outcome.facts().body()).isEmpty();
      assertThat(outcome.timings().connect()).hasValueSatisfying(connect -> assertThat(connect).isPositive());
      assertThat(outcome.timings().tls()).isEmpty();
    }
  }

  @Test
  void aReplyContainingTheExpectedStringPasses() throws Exception {
    try (ScriptedServer redis = pingPong(200)) {
      ProbeOutcome outcome = prober.probe(tcp(redis, "PING\r\n", "PONG"), TIMEOUT);

      assertThat(outcome.failure()).isEmpty();
      assertThat(outcome.facts().body()).hasValue("+PONG\r\n");
      assertThat(outcome.timings().firstByte()).hasValueSatisfying(firstByte -> assertThat(firstByte).isGreaterThanOrEqualTo(Duration.ofMillis(200)));
    }
  }

  @Test
  void anExpectedStringSplitAcrossPacketsIsFound() throws Exception {
    try (ScriptedServer slowBanner = new ScriptedServer(connection -> {
      write(connection, "220 mail.example ES");
      HttpProbeIT.sleep(100);
      write(connection, "MTP ready\r\n");
      holdOpen(connection);
    })) {
      ProbeOutcome outcome = prober.probe(tcp(slowBanner, null, "ESMTP"), TIMEOUT);

      assertThat(outcome.failure()).isEmpty();
      assertThat(outcome.facts().body()).hasValue("220 mail.example ESMTP ready\r\n");
    }
  }

  @Test
  void aReplyWithoutTheExpectedStringFailsSayingSo() throws Exception {
    try (ScriptedServer wrong = new ScriptedServer(connection -> {
      new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII)).readLine();
      write(connection, "-ERR unknown command\r\n"); // and close
    })) {
      ProbeOutcome outcome = prober.probe(tcp(wrong, "PING\r\n", "PONG"), TIMEOUT);

      assertThat(outcome.failure()).hasValueSatisfying(failure -> {
        assertThat(failure.kind()).isEqualTo(ErrorKind.OTHER);
        assertThat(failure.message()).isEqualTo("reply did not contain \"PONG\"");
      });
      assertThat(outcome.facts().connected()).isTrue();
      assertThat(outcome.facts().body()).hasValue("-ERR unknown command\r\n");
    }
  }

  @Test
  void anExpectedStringThatNeverComesTimesOutAtTheTimeout() throws Exception {
    try (ScriptedServer silent = new ScriptedServer(connection -> {
      write(connection, "hello");
      holdOpen(connection);
    })) {
      Duration timeout = Duration.ofMillis(500);

      ProbeOutcome outcome = prober.probe(tcp(silent, null, "PONG"), timeout);

      assertThat(outcome.failure()).hasValueSatisfying(failure -> {
        assertThat(failure.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(failure.message()).isEqualTo("timed out after 500 ms while waiting for a reply containing \"PONG\" from 127.0.0.1:" + silent.port());
      });
      assertThat(outcome.facts().body()).as("what came before the timeout").hasValue("hello");
      assertWaitedTheTimeout(outcome, timeout);
    }
  }

  @Test
  void sendWithoutExpectKeepsTheFirstBytesOfTheReply() throws Exception {
    try (ScriptedServer redis = pingPong(0)) {
      ProbeOutcome outcome = prober.probe(tcp(redis, "PING\r\n", null), TIMEOUT);

      assertThat(outcome.failure()).isEmpty();
      assertThat(outcome.facts().body()).hasValue("+PONG\r\n");
    }
  }

  @Test
  void aServerThatClosesWithoutReplyingFailsWhenAReplyWasAskedFor() throws Exception {
    try (ScriptedServer hangUp = new ScriptedServer(connection -> connection.getInputStream().read())) {
      ProbeOutcome outcome = prober.probe(tcp(hangUp, "PING\r\n", null), TIMEOUT);

      assertThat(outcome.failure()).hasValueSatisfying(failure -> {
        assertThat(failure.kind()).isEqualTo(ErrorKind.CONNECTION);
        assertThat(failure.message()).isEqualTo("connection closed by the server without a reply");
      });
    }
  }

  @Test
  void aClosedPortIsRefused() throws Exception {
    int port = HttpProbeIT.closedPort();

    ProbeOutcome outcome = prober.probe(new Target.Tcp("127.0.0.1", port, Optional.empty(), Optional.empty()), TIMEOUT);

    assertThat(outcome.failure()).hasValueSatisfying(failure -> {
      assertThat(failure.kind()).isEqualTo(ErrorKind.CONNECTION);
      assertThat(failure.message()).isEqualTo("connection refused while connecting to 127.0.0.1:" + port);
    });
    assertThat(outcome.facts().connected()).isFalse();
    assertThat(outcome.facts().ip()).as("the address that refused").hasValue("127.0.0.1");
  }

  private static Target.Tcp tcp(ScriptedServer server, String send, String expect) {
    return new Target.Tcp("127.0.0.1", server.port(), Optional.ofNullable(send), Optional.ofNullable(expect));
  }

  private static ScriptedServer pingPong(long delayMillis) throws Exception {
    return new ScriptedServer(connection -> {
      BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        HttpProbeIT.sleep(delayMillis);
        write(connection, line.equals("PING") ? "+PONG\r\n" : "-ERR unknown command\r\n");
      }
    });
  }
}
