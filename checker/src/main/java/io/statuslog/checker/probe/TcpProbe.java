package io.statuslog.checker.probe;

import io.statuslog.checker.core.ProbeOutcome;
import io.statuslog.checker.core.Target;
import io.statuslog.checker.probe.Attempt.Phase;
import io.statuslog.checker.probe.HttpResponseReader.BoundedBytes;
import io.statuslog.schemas.events.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A TCP probe: connect, and optionally send a string and read the reply. With {@code expect},
 * the reply is read until it contains the expected string; a reply that ends without it fails
 * the probe here (OTHER, {@code reply did not contain "..."}), because the check asked for it
 * and no condition would otherwise say so. With {@code send} alone, the first bytes of the reply
 * are the [BODY]; without either, connecting is the whole probe.
 */
final class TcpProbe {
  /** Banners and short protocol replies; more is not read. */
  static final int MAX_REPLY_BYTES = 64 * 1024;

  private final Clock clock;

  TcpProbe(Clock clock) {
    this.clock = clock;
  }

  ProbeOutcome probe(Target.Tcp target, Duration timeout) {
    Attempt attempt = new Attempt(Deadline.after(timeout));
    String peer = target.host() + ":" + target.port();
    Socket socket = null;
    // Not try-with-resources: the outcome, and its response time, are taken before the socket closes.
    try {
      socket = Connections.open(target.host(), target.port(), attempt);
      attempt.connected();
      if (target.send().isEmpty() && target.expect().isEmpty()) {
        return attempt.succeeded(clock);
      }
      if (target.send().isPresent()) {
        attempt.doing("sending to " + peer);
        socket.getOutputStream().write(target.send().get().getBytes(StandardCharsets.UTF_8));
      }
      Optional<byte[]> expected = target.expect().map(text -> text.getBytes(StandardCharsets.UTF_8));
      attempt.doing(target.expect().map(text -> "waiting for a reply containing \"" + text + "\" from " + peer).orElse("waiting for a reply from " + peer));
      BoundedBytes reply = new BoundedBytes(MAX_REPLY_BYTES);
      boolean found = read(socket, reply, expected, attempt);
      attempt.body(reply.text(StandardCharsets.UTF_8));
      if (expected.isPresent() && !found) {
        return attempt.failed(clock, ErrorKind.OTHER, "reply did not contain \"" + target.expect().get() + "\"");
      }
      if (expected.isEmpty() && reply.text(StandardCharsets.UTF_8).isEmpty()) {
        return attempt.failed(clock, ErrorKind.CONNECTION, "connection closed by the server without a reply");
      }
      return attempt.succeeded(clock);
    } catch (IOException e) {
      return attempt.failed(clock, e);
    } finally {
      if (socket != null) {
        HttpProbe.closeQuietly(socket);
      }
    }
  }

  /**
   * Reads until the reply contains {@code expected} (or, without it, until the first bytes come),
   * the server closes, or the limit is reached; true when the expected string was found. The
   * deadline passing while waiting is a timeout.
   */
  private static boolean read(Socket socket, BoundedBytes reply, Optional<byte[]> expected, Attempt attempt) throws IOException {
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[2048];
    long start = System.nanoTime();
    boolean first = true;
    while (!reply.full()) {
      socket.setSoTimeout(attempt.deadline().remainingMillis());
      int n;
      try {
        n = in.read(buffer);
      } catch (SocketTimeoutException e) {
        if (!first) {
          attempt.body(reply.text(StandardCharsets.UTF_8)); // what came before the timeout is worth seeing
        }
        throw e;
      }
      if (n < 0) {
        return false;
      }
      if (first) {
        attempt.took(Phase.FIRST_BYTE, System.nanoTime() - start);
        first = false;
      }
      reply.append(buffer, 0, n);
      if (expected.isEmpty() || reply.contains(expected.get())) {
        return expected.isPresent();
      }
    }
    return false;
  }
}
