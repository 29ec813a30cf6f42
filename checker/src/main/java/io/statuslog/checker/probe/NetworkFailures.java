package io.statuslog.checker.probe;

import io.statuslog.checker.core.ProbeOutcome.Failure;
import io.statuslog.schemas.events.ErrorKind;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Sorts what the network threw into the kinds a result records (DNS, CONNECTION, TLS, TIMEOUT,
 * OTHER), with a message that says what the probe was doing when it happened. Never
 * UNEXPECTED_STATUS: whether a status is wrong is for the check's conditions to say.
 */
final class NetworkFailures {
  private NetworkFailures() {}

  /** A response that is not HTTP, or breaks its framing: the probe reached a server that speaks something else. */
  static final class MalformedResponse extends IOException {
    MalformedResponse(String message) {
      super(message);
    }
  }

  static Failure describe(IOException e, Attempt attempt) {
    CertificateRejected rejected = find(e, CertificateRejected.class);
    if (rejected != null) {
      attempt.certificateNotAfter(rejected.leafNotAfter());
      return new Failure(ErrorKind.TLS, rejected.getMessage());
    }
    if (e instanceof SocketTimeoutException || e instanceof HttpTimeoutException || find(e, SocketTimeoutException.class) != null) {
      return new Failure(ErrorKind.TIMEOUT, "timed out after " + attempt.deadline().timeout().toMillis() + " ms while " + attempt.doing());
    }
    if (e instanceof InterruptedIOException) {
      return new Failure(ErrorKind.OTHER, "interrupted while " + attempt.doing());
    }
    UnknownHostException unknown = find(e, UnknownHostException.class); // the JDK client wraps it in a ConnectException
    if (unknown != null) {
      return new Failure(ErrorKind.DNS, "unknown host: " + hostOf(unknown));
    }
    if (e instanceof MalformedResponse) {
      return new Failure(ErrorKind.OTHER, e.getMessage());
    }
    if (e instanceof SSLException ssl && !(e.getCause() instanceof SocketException) && !(e.getCause() instanceof EOFException)) {
      return new Failure(ErrorKind.TLS, tlsReason(ssl));
    }
    IOException cause = e instanceof SSLException && e.getCause() instanceof IOException io ? io : e;
    // An if-chain, not a pattern switch: its first use would bootstrap classes inside a probe's time.
    if (cause instanceof ConnectException) {
      return new Failure(ErrorKind.CONNECTION, "connection refused while " + attempt.doing());
    }
    if (cause instanceof NoRouteToHostException) {
      return new Failure(ErrorKind.CONNECTION, "no route to host while " + attempt.doing());
    }
    if (cause instanceof PortUnreachableException) {
      return new Failure(ErrorKind.CONNECTION, "port unreachable while " + attempt.doing());
    }
    if (cause instanceof EOFException) {
      return new Failure(ErrorKind.CONNECTION, "connection closed by the server while " + attempt.doing());
    }
    if (cause instanceof SocketException) {
      return new Failure(ErrorKind.CONNECTION, lowerFirst(cause.getMessage()) + " while " + attempt.doing());
    }
    return new Failure(ErrorKind.OTHER, cause.getClass().getSimpleName() + " while " + attempt.doing() + ": " + cause.getMessage());
  }

  private static String tlsReason(SSLException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("Unsupported or unrecognized SSL message")) {
      return "the server did not answer in TLS (plain HTTP on this port?)";
    }
    if (message.contains("Remote host terminated the handshake")) {
      return "the server closed the connection during the TLS handshake";
    }
    if (message.startsWith("Received fatal alert: ")) {
      return "the server refused the TLS handshake: " + message.substring("Received fatal alert: ".length());
    }
    return (e instanceof SSLHandshakeException ? "TLS handshake failed: " : "TLS: ") + message;
  }

  private static String hostOf(UnknownHostException e) {
    String message = String.valueOf(e.getMessage());
    int colon = message.indexOf(':');
    return colon > 0 ? message.substring(0, colon) : message;
  }

  private static String lowerFirst(String message) {
    if (message == null || message.isEmpty()) {
      return "connection failed";
    }
    return Character.toLowerCase(message.charAt(0)) + message.substring(1);
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
