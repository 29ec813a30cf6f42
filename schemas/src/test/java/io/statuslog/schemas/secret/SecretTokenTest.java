package io.statuslog.schemas.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretTokenTest {
  @Test
  void aGeneratedTokenIs32RandomBytesInBase64urlWithoutPadding() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      String token = SecretToken.generate().reveal();
      assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
      assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
      assertThat(seen.add(token)).isTrue();
    }
  }

  @Test
  void theHashIsSha256OfTheTextInLowercaseHex() {
    // sha256("abc"), FIPS 180-2 appendix B.1
    assertThat(SecretToken.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(SecretToken.of("abc").hash()).isEqualTo(SecretToken.hash("abc"));
  }

  @Test
  void hashesCompareEqualOnlyWhenEqual() {
    String a = SecretToken.hash("one");
    assertThat(SecretToken.sameHash(a, SecretToken.hash("one"))).isTrue();
    assertThat(SecretToken.sameHash(a, SecretToken.hash("two"))).isFalse();
    assertThat(SecretToken.sameHash(a, a.substring(0, 63))).isFalse();
  }

  @Test
  void printingATokenNeverShowsIt() {
    SecretToken token = SecretToken.generate();
    assertThat(token.toString()).doesNotContain(token.reveal()).isEqualTo("SecretToken[hidden]");
  }
}
