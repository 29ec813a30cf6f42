package io.statuslog.checker.probe;

import io.statuslog.checker.core.ProbeOutcome;
import io.statuslog.checker.core.Target;
import java.io.IOException;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;

/**
 * A TLS probe: connect and complete a handshake that verifies the chain against the trust store
 * and the certificate against the host name. [CONNECTED] is true once the handshake succeeded (a
 * TCP connection to a server whose certificate does not verify is not the connection the check
 * asks for, as in Gatus); [CERTIFICATE_EXPIRATION] is the time left on the server's certificate,
 * reported even when it is refused, so an expired one shows how long ago it expired.
 */
final class TlsProbe {
  private final TlsSockets tls;
  private final Clock clock;

  TlsProbe(TlsSockets tls, Clock clock) {
    this.tls = tls;
    this.clock = clock;
  }

  ProbeOutcome probe(Target.Tls target, Duration timeout) {
    Attempt attempt = new Attempt(Deadline.after(timeout));
    String host = target.host().startsWith("[") ? target.host().substring(1, target.host().length() - 1) : target.host();
    Socket socket = null;
    // The outcome, and its response time, are taken before the socket closes.
    try {
      socket = Connections.open(host, target.port(), attempt);
      socket = tls.handshake(socket, host, target.port(), true, attempt);
      attempt.connected();
      return attempt.succeeded(clock);
    } catch (IOException e) {
      return attempt.failed(clock, e);
    } finally {
      if (socket != null) {
        HttpProbe.closeQuietly(socket);
      }
    }
  }
}
