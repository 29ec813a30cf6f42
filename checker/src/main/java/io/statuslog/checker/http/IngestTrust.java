package io.statuslog.checker.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates an agent trusts for ingest's own certificate, when ingest's comes from a
 * private CA: only the agent's connection to ingest trusts them. A trust store given to the
 * whole JVM instead would also be the only one its HTTPS probes trust, and every public site
 * would fail its check.
 */
public final class IngestTrust {
  private IngestTrust() {}

  /**
   * An SSL context that trusts exactly the certificates in a PEM file (one CA, or a chain).
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  public static SSLContext fromPem(Path pem) {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(pem)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("agent.ingestCaFile " + pem + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException("agent.ingestCaFile " + pem + " cannot be read: " + e.getMessage());
    } catch (CertificateException e) {
      throw new IllegalArgumentException("agent.ingestCaFile " + pem + " is not a PEM file of X.509 certificates: " + e.getMessage());
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("agent.ingestCaFile " + pem + " holds no certificate (expected -----BEGIN CERTIFICATE----- blocks)");
    }
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ingest-ca-" + n++, certificate);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a trust store from " + pem, e);
    }
  }
}
