package io.statuslog.checker.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bytes an HTTP probe writes: one request, framed by the probe, whatever headers the check adds. */
class HttpRequestEncodingTest {
  @Test
  void aGetNamesItsHostAndAgentAndClosesTheConnection() {
    assertThat(encode("http://example.com/health", "GET", Map.of(), null)).isEqualTo(
        "GET /health HTTP/1.1\r\nHost: example.com\r\nUser-Agent: statuslog-checker\r\nConnection: close\r\n\r\n");
  }

  @Test
  void aPortThatIsNotTheDefaultIsPartOfTheHost() {
    assertThat(encode("https://example.com:8443", "GET", Map.of(), null)).startsWith("GET / HTTP/1.1\r\nHost: example.com:8443\r\n");
    assertThat(encode("https://example.com:443/?q=a%20b", "GET", Map.of(), null)).startsWith("GET /?q=a%20b HTTP/1.1\r\nHost: example.com\r\n");
    assertThat(encode("http://[::1]:8080/", "GET", Map.of(), null)).contains("\r\nHost: [::1]:8080\r\n");
  }

  @Test
  void aBodyIsSentWithItsLengthInBytes() {
    assertThat(encode("http://example.com/", "POST", Map.of("Content-Type", "text/plain"), "é")).endsWith(
        "Content-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\né");
  }

  @Test
  void aPostWithoutBodySaysItIsEmpty() {
    assertThat(encode("http://example.com/", "POST", Map.of(), null)).contains("\r\nContent-Length: 0\r\n");
    assertThat(encode("http://example.com/", "DELETE", Map.of(), null)).doesNotContain("Content-Length");
  }

  @Test
  void theCheckMayNameItsOwnHostAndAgentButNotTheFraming() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", "virtual.example.com");
    headers.put("User-Agent", "custom");
    headers.put("Connection", "keep-alive");
    headers.put("Content-Length", "99");
    headers.put("Transfer-Encoding", "chunked");

    String request = encode("http://10.0.0.1/", "GET", headers, null);

    assertThat(request).isEqualTo("GET / HTTP/1.1\r\nhost: virtual.example.com\r\nUser-Agent: custom\r\nConnection: close\r\n\r\n");
  }

  private static String encode(String url, String method, Map<String, String> headers, String body) {
    byte[] bytes = HttpProbe.encode(new HttpRequestSpec(URI.create(url), method, headers, Optional.ofNullable(body)));
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
