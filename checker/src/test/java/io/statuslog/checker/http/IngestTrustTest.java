package io.statuslog.checker.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.statuslog.schemas.secret.SecretToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent reaching an ingest whose certificate a private CA signed, over a real TLS connection. */
class IngestTrustTest {
  private static final char[] PASSWORD = "changeit".toCharArray();
  @TempDir static Path dir;
  private static HttpsServer ingest;
  private static URI url;
  private static Path caPem;

  @BeforeAll
  static void ingestWithAPrivateCertificate() throws Exception {
    Path keyStore = dir.resolve("ingest.p12");
    caPem = dir.resolve("ca.pem");
    keytool("-genkeypair", "-alias", "ingest", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
        "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
    keytool("-exportcert", "-rfc", "-alias", "ingest", "-keystore", keyStore.toString(), "-storepass", new String(PASSWORD), "-file", caPem.toString());

    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      keys.load(in, PASSWORD);
    }
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, PASSWORD);
    SSLContext serverTls = SSLContext.getInstance("TLS");
    serverTls.init(keyManagers.getKeyManagers(), null, null);
    ingest = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    ingest.setHttpsConfigurator(new HttpsConfigurator(serverTls));
    ingest.createContext("/v1/agent/checks", exchange -> {
      byte[] body = "{\"region\":\"eu-west\",\"checks\":[]}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    ingest.start();
    url = URI.create("https://127.0.0.1:" + ingest.getAddress().getPort());
  }

  @AfterAll
  static void stop() {
    ingest.stop(0);
  }

  @Test
  void anAgentGivenTheCaReachesIngest() throws Exception {
    IngestClient client = new IngestClient(url, SecretToken.of("t0ken"), Optional.of(IngestTrust.fromPem(caPem)));

    assertThat(client.checks(Optional.empty(), Duration.ZERO).statusCode()).isEqualTo(200);
  }

  @Test
  void withoutTheCaTheJvmsTrustStoreRefusesIngestsCertificate() {
    IngestClient client = new IngestClient(url, SecretToken.of("t0ken"), Optional.empty());

    assertThatThrownBy(() -> client.checks(Optional.empty(), Duration.ZERO)).isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void aFileThatIsNotACertificateIsRefusedNamingIt() throws IOException {
    Path notPem = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

    assertThatThrownBy(() -> IngestTrust.fromPem(notPem)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agent.ingestCaFile " + notPem);
    assertThatThrownBy(() -> IngestTrust.fromPem(dir.resolve("missing.pem"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
