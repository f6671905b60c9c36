package dev.unicore.registry.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A content digest, {@code algorithm:hex}. Only the algorithms the OCI image spec registers are
 * accepted (sha256 and sha512, lower-case hex of the exact length), so a digest can safely become
 * part of a file name.
 *
 * @param algorithm {@code sha256} or {@code sha512}
 * @param hex the encoded hash, lower-case hexadecimal
 */
public record Digest(String algorithm, String hex) {
  private static final Pattern GRAMMAR =
      Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");
  private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

  public Digest {
    int length = hexLength(algorithm);
    if (length < 0) {
      throw new IllegalArgumentException("unsupported digest algorithm: " + algorithm);
    }
    if (hex.length() != length || !HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException(
          "a " + algorithm + " digest has " + length + " lower-case hex digits");
    }
  }

  /**
   * Parses {@code algorithm:hex}.
   *
   * @throws IllegalArgumentException when the text is no digest or names an unsupported algorithm
   */
  public static Digest parse(String text) {
    if (text == null || !GRAMMAR.matcher(text).matches()) {
      throw new IllegalArgumentException("not a digest: " + text);
    }
    int colon = text.indexOf(':');
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  /** Whether the text has the shape of a digest (maybe with an unsupported algorithm). */
  public static boolean looksLikeDigest(String text) {
    return text != null && text.contains(":") && GRAMMAR.matcher(text).matches();
  }

  /** The digest of the bytes with this algorithm. */
  public static Digest of(String algorithm, byte[] content) {
    MessageDigest md = newMessageDigest(algorithm);
    return new Digest(algorithm, HexFormat.of().formatHex(md.digest(content)));
  }

  /** The sha256 digest of the bytes. */
  public static Digest sha256(byte[] content) {
    return of("sha256", content);
  }

  /** A fresh hasher of the algorithm. */
  public static MessageDigest newMessageDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm.toUpperCase(Locale.ROOT).replace("SHA", "SHA-"));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }

  private static int hexLength(String algorithm) {
    return switch (algorithm) {
      case "sha256" -> 64;
      case "sha512" -> 128;
      default -> -1;
    };
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
