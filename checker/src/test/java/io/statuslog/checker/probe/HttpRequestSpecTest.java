package io.statuslog.checker.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statuslog.checker.probe.NetworkFailures.MalformedResponse;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where a redirect leads, and what the request keeps on the way. */
class HttpRequestSpecTest {
  private static final HttpRequestSpec POST = new HttpRequestSpec(
      URI.create("https://api.example.com/v1/orders?x=1"), "POST",
      Map.of("Content-Type", "application/json", "Authorization", "Bearer secret", "X-Trace", "1"), Optional.of("{}"));

  @Test
  void seeOtherTurnsAnythingButHeadIntoAGetWithoutBody() throws Exception {
    HttpRequestSpec next = POST.redirectedTo(303, "/v1/orders/7");

    assertThat(next.method()).isEqualTo("GET");
    assertThat(next.body()).isEmpty();
    assertThat(next.headers()).containsOnlyKeys("Authorization", "X-Trace");
    assertThat(next.uri()).isEqualTo(URI.create("https://api.example.com/v1/orders/7"));
  }

  @Test
  void movedAndFoundTurnOnlyAPostIntoAGet() throws Exception {
    HttpRequestSpec put = new HttpRequestSpec(POST.uri(), "PUT", Map.of(), Optional.of("{}"));

    assertThat(POST.redirectedTo(301, "/a").method()).isEqualTo("GET");
    assertThat(POST.redirectedTo(302, "/a").method()).isEqualTo("GET");
    assertThat(put.redirectedTo(302, "/a").method()).isEqualTo("PUT");
    assertThat(put.redirectedTo(302, "/a").body()).hasValue("{}");
  }

  @Test
  void temporaryAndPermanentRedirectsKeepMethodBodyAndHeaders() throws Exception {
    for (int status : new int[] {307, 308}) {
      HttpRequestSpec next = POST.redirectedTo(status, "other");

      assertThat(next.method()).isEqualTo("POST");
      assertThat(next.body()).hasValue("{}");
      assertThat(next.headers()).isEqualTo(POST.headers());
      assertThat(next.uri()).isEqualTo(URI.create("https://api.example.com/v1/other"));
    }
  }

  @Test
  void headStaysHeadOnSeeOther() throws Exception {
    HttpRequestSpec head = new HttpRequestSpec(POST.uri(), "HEAD", Map.of(), Optional.empty());

    assertThat(head.redirectedTo(303, "/x").method()).isEqualTo("HEAD");
  }

  @Test
  void credentialsAndHostStayBehindWhenTheHostChanges() throws Exception {
    HttpRequestSpec withHost = new HttpRequestSpec(POST.uri(), "GET", Map.of("Authorization", "Bearer secret", "Cookie", "a=b", "Host", "api", "X-Trace", "1"), Optional.empty());

    HttpRequestSpec next = withHost.redirectedTo(302, "http://login.example.com/start");

    assertThat(next.headers()).containsOnlyKeys("X-Trace");
    assertThat(next.https()).isFalse();
    assertThat(next.port()).isEqualTo(80);
  }

  @Test
  void aLocationThatIsNotAnHttpUrlIsRefused() {
    assertThatThrownBy(() -> POST.redirectedTo(302, "ftp://files.example.com/"))
        .isInstanceOf(MalformedResponse.class)
        .hasMessage("redirect 302 to a location that is not an http(s) URL: ftp://files.example.com/");
    assertThatThrownBy(() -> POST.redirectedTo(302, "http://bad host/"))
        .isInstanceOf(MalformedResponse.class)
        .hasMessage("redirect 302 to an invalid Location: http://bad host/");
  }

  @Test
  void anIpv6HostLosesItsBrackets() {
    HttpRequestSpec spec = new HttpRequestSpec(URI.create("http://[::1]:8080/"), "GET", Map.of(), Optional.empty());

    assertThat(spec.host()).isEqualTo("::1");
    assertThat(spec.port()).isEqualTo(8080);
  }
}
