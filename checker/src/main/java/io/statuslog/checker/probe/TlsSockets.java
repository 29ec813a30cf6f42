package io.statuslog.checker.probe;

import io.statuslog.checker.probe.Attempt.Phase;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS for probes: one context that verifies (chain and host name) and one that trusts anything,
 * each built once, because building an SSLContext costs more than the handshake it serves.
 *
 * <p>Every handshake is a full one. A resumed session skips certificate verification, so a
 * certificate that expired or was replaced would go unseen for as long as the session lives,
 * and the handshake time would not be what a new client pays. Two things keep sessions from
 * being resumed: the client session timeout is set above the JDK's longest ticket lifetime, which
 * makes the JDK discard session tickets (TLS 1.3, and TLS 1.2 ones) instead of storing them, and
 * each session is invalidated as soon as its handshake completes, for servers that resume TLS 1.2
 * sessions by id. {@code HttpsProbeIT} and {@code TlsProbeIT} check on the server that each
 * probe's session is new, to catch a JDK that behaves otherwise.
 */
final class TlsSockets {
  /** Above {@code NewSessionTicket.MAX_TICKET_LIFETIME} (7 days): the JDK then drops TLS 1.3 tickets. */
  private static final int SESSION_TIMEOUT_SECONDS = 7 * 24 * 3600 + 1;

  private final X509ExtendedTrustManager verifyingTrust;
  private final SSLContext verifying;
  private final SSLContext trustingAll;

  /** @param trustStore the certificates to trust, or null for the JVM's default trust store */
  TlsSockets(KeyStore trustStore) {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trustStore);
      verifyingTrust = new ExplainingTrustManager(firstExtended(factory.getTrustManagers()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JVM cannot make a TLS context: " + e, e);
    }
    verifying = newContext(true);
    trustingAll = newContext(false);
    for (SSLContext context : List.of(verifying, trustingAll)) {
      SSLSessionContext sessions = context.getClientSessionContext();
      sessions.setSessionTimeout(SESSION_TIMEOUT_SECONDS);
      sessions.setSessionCacheSize(64);
    }
  }

  /**
   * A context of its own, with the JDK's session caching, for the shared client of checks that
   * reuse connections: its sessions must never be resumed by a probe that opens its own.
   */
  SSLContext newContext(boolean verify) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {verify ? verifyingTrust : new TrustingAll()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JVM cannot make a TLS context: " + e, e);
    }
  }

  /**
   * Runs a TLS handshake over a connected socket, within the deadline, and records its time and
   * the server certificate's expiry.
   *
   * @param verify check the chain against the trust store and the certificate against {@code host}
   */
  SSLSocket handshake(Socket connected, String host, int port, boolean verify, Attempt attempt) throws IOException {
    SSLSocketFactory factory = (verify ? verifying : trustingAll).getSocketFactory();
    SSLSocket socket = (SSLSocket) factory.createSocket(connected, host, port, true);
    SSLParameters parameters = socket.getSSLParameters();
    if (verify) {
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }
    if (!HostResolver.isIpLiteral(host)) {
      try {
        parameters.setServerNames(List.of(new SNIHostName(host)));
      } catch (IllegalArgumentException notAnSniName) {
        // A name SNI cannot carry (e.g. with an underscore) is sent without SNI, as browsers do.
      }
    }
    socket.setSSLParameters(parameters);
    attempt.doing("in the TLS handshake with " + host + ":" + port);
    long start = System.nanoTime();
    socket.setSoTimeout(attempt.deadline().remainingMillis());
    socket.startHandshake();
    attempt.took(Phase.TLS, System.nanoTime() - start);
    SSLSession session = socket.getSession();
    session.invalidate();
    if (session.getPeerCertificates()[0] instanceof X509Certificate leaf) {
      attempt.certificateNotAfter(leaf.getNotAfter().toInstant());
    }
    return socket;
  }

  private static X509ExtendedTrustManager firstExtended(TrustManager[] managers) {
    for (TrustManager manager : managers) {
      if (manager instanceof X509ExtendedTrustManager extended) {
        return extended;
      }
    }
    throw new IllegalStateException("the JVM's default TrustManagerFactory has no X509ExtendedTrustManager");
  }

  /**
   * The JVM's verification (chain, validity, and the host name when the socket asks for it),
   * with its failures told in words an operator acts on, and the server certificate's expiry
   * kept even when it is refused.
   */
  private static final class ExplainingTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager jvm;

    ExplainingTrustManager(X509ExtendedTrustManager jvm) {
      this.jvm = jvm;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      try {
        jvm.checkServerTrusted(chain, authType, socket);
      } catch (CertificateException e) {
        String host = socket instanceof SSLSocket ssl && ssl.getHandshakeSession() != null ? ssl.getHandshakeSession().getPeerHost() : null;
        throw CertificateRejected.explain(chain, host, e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      try {
        jvm.checkServerTrusted(chain, authType, engine);
      } catch (CertificateException e) {
        throw CertificateRejected.explain(chain, engine == null ? null : engine.getPeerHost(), e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      try {
        jvm.checkServerTrusted(chain, authType);
      } catch (CertificateException e) {
        throw CertificateRejected.explain(chain, null, e);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      jvm.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      jvm.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      jvm.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return jvm.getAcceptedIssuers();
    }
  }

  /**
   * For checks with TLS verification off. Being an X509ExtendedTrustManager matters: JSSE leaves
   * the host name check to such a manager, so this one skips it too.
   */
  private static final class TrustingAll extends X509ExtendedTrustManager {
    private static final X509Certificate[] NONE = new X509Certificate[0];

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return NONE;
    }
  }
}
