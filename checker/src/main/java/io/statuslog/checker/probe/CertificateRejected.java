package io.statuslog.checker.probe;

import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * A server certificate that did not verify, with the reason in an operator's words ("certificate
 * expired on 2026-01-01") rather than the validator's, and the certificate's expiry, which the
 * probe reports even for a certificate it refused.
 */
final class CertificateRejected extends CertificateException {
  private final transient Instant leafNotAfter;

  private CertificateRejected(String message, Instant leafNotAfter, CertificateException cause) {
    super(message, cause);
    this.leafNotAfter = leafNotAfter;
  }

  Instant leafNotAfter() {
    return leafNotAfter;
  }

  static CertificateRejected explain(X509Certificate[] chain, String host, CertificateException cause) {
    X509Certificate leaf = chain[0];
    return new CertificateRejected(reason(chain, host, cause), leaf.getNotAfter().toInstant(), cause);
  }

  private static String reason(X509Certificate[] chain, String host, CertificateException cause) {
    String validatorSays = String.valueOf(cause.getMessage());
    // The JDK checks the host name only once the chain is trusted and valid, so this failure comes alone.
    if (validatorSays.startsWith("No subject alternative") || validatorSays.startsWith("No name matching")) {
      return "certificate does not match host " + host + " (it names " + String.join(", ", names(chain[0])) + ")";
    }
    Instant now = Instant.now();
    for (int i = 0; i < chain.length; i++) {
      String which = i == 0 ? "certificate" : "issuing certificate " + commonName(chain[i].getSubjectX500Principal());
      if (chain[i].getNotAfter().toInstant().isBefore(now)) {
        return which + " expired on " + day(chain[i].getNotAfter().toInstant());
      }
      if (chain[i].getNotBefore().toInstant().isAfter(now)) {
        return which + " is not valid before " + day(chain[i].getNotBefore().toInstant());
      }
    }
    if (validatorSays.contains("unable to find valid certification path")) {
      X509Certificate leaf = chain[0];
      boolean selfSigned = chain.length == 1 && leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal());
      return "unable to find valid certification path to a trusted certificate ("
          + (selfSigned ? "self-signed" : "issued by " + commonName(chain[chain.length - 1].getIssuerX500Principal())) + ")";
    }
    return "certificate not trusted: " + validatorSays;
  }

  private static String day(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
  }

  private static List<String> names(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> entry : alternatives) {
          Object type = entry.get(0);
          if (Integer.valueOf(2).equals(type) || Integer.valueOf(7).equals(type)) { // dNSName, iPAddress
            names.add(String.valueOf(entry.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // Fall back to the subject below.
    }
    if (names.isEmpty()) {
      names.add(commonName(certificate.getSubjectX500Principal()));
    }
    return names;
  }

  private static String commonName(X500Principal principal) {
    String name = principal.getName(X500Principal.RFC2253);
    for (String part : name.split(",")) {
      if (part.startsWith("CN=")) {
        return part.substring(3);
      }
    }
    return name;
  }
}
