package io.statuslog.schemas.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A bearer secret (an agent's token, a push check's token) and how the log keeps it: only as the
 * SHA-256 of its text, hex, so a copy of the log lets no one post results. A generated token is
 * 32 random bytes, base64url without padding (43 characters, safe in a URL path and a header).
 *
 * <p>{@link #toString()} never shows the secret, so logging one by mistake leaks nothing.
 */
public final class SecretToken {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int RANDOM_BYTES = 32;

  private final String text;

  private SecretToken(String text) {
    this.text = text;
  }

  /** A new token from a cryptographically strong source. */
  public static SecretToken generate() {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return new SecretToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** A token someone chose (a push token kept from Uptime Kuma, say). */
  public static SecretToken of(String text) {
    return new SecretToken(text);
  }

  /** The secret itself: shown once, to the person who gets it, and never logged. */
  public String reveal() {
    return text;
  }

  /** What the log keeps: SHA-256 of the token's text (UTF-8), 64 lowercase hex digits. */
  public String hash() {
    return hash(text);
  }

  /** SHA-256 of {@code token} (UTF-8), hex: how a presented token is looked up. */
  public static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Whether two hashes are the same, in time that does not depend on where they differ. */
  public static boolean sameHash(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    return "SecretToken[hidden]";
  }
}
