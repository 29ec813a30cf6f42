package io.statuslog.checker.probe;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private CA and the server certificates the TLS tests need (valid, expired, for another host,
 * self-signed), made in memory. Probers under test trust {@link #trustStore()}, never the JVM's.
 */
final class TestCertificates {
  private static final char[] PASSWORD = "test".toCharArray();
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final KeyPair caKeys;
  private final X509Certificate ca;

  /** A server's key and chain. */
  record Issued(X509Certificate certificate, PrivateKey key, List<X509Certificate> chain) {
    ServerTls serverTls() {
      return new ServerTls(List.of("TLSv1.3", "TLSv1.2"), this);
    }
  }

  TestCertificates() {
    caKeys = keys();
    X500Name name = new X500Name("CN=Statuslog Test CA");
    ca = sign(name, caKeys, name, caKeys.getPrivate(), Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(3650)), true, List.of());
  }

  KeyStore trustStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("test-ca", ca);
      return store;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A certificate from the test CA for the given DNS names and IP addresses. */
  Issued issue(String commonName, Instant notBefore, Instant notAfter, String... names) {
    KeyPair keys = keys();
    X509Certificate certificate = sign(new X500Name("CN=" + commonName), keys, new X500Name("CN=Statuslog Test CA"), caKeys.getPrivate(), notBefore, notAfter, false, List.of(names));
    return new Issued(certificate, keys.getPrivate(), List.of(certificate, ca));
  }

  Issued valid(String... names) {
    return issue(names[0], Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(90)), names);
  }

  /** Signed by no one but itself: no trust store has it. */
  static Issued selfSigned(String... names) {
    KeyPair keys = keys();
    X500Name name = new X500Name("CN=" + names[0]);
    X509Certificate certificate = sign(name, keys, name, keys.getPrivate(), Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)), false, List.of(names));
    return new Issued(certificate, keys.getPrivate(), List.of(certificate));
  }

  private static KeyPair keys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, PrivateKey issuerKey, Instant notBefore, Instant notAfter, boolean isCa, List<String> names) {
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          issuer, BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject, subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      if (isCa) {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        List<GeneralName> alternatives = new ArrayList<>();
        for (String name : names) {
          boolean ip = name.matches("[0-9.]+") || name.contains(":");
          alternatives.add(ip ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(name).getHostAddress()) : new GeneralName(GeneralName.dNSName, name));
        }
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives.toArray(GeneralName[]::new)));
      }
      return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A server-side TLS context serving one certificate, with the protocol versions it may speak. */
  static final class ServerTls {
    final SSLContext context;
    final List<String> protocols;

    ServerTls(List<String> protocols, Issued issued) {
      this.protocols = protocols;
      try {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", issued.key(), PASSWORD, issued.chain().toArray(Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, PASSWORD);
        context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
