package dev.unicore.builderworker.image;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Content with its OCI media type and digest: a layer, a config, a manifest. Immutable.
 *
 * @param mediaType the OCI media type
 * @param bytes the content
 * @param digest {@code sha256:<hex>} of the content
 */
public record Blob(String mediaType, byte[] bytes, String digest) {
  public Blob {
    Objects.requireNonNull(mediaType);
    Objects.requireNonNull(bytes);
    Objects.requireNonNull(digest);
  }

  public static Blob of(String mediaType, byte[] bytes) {
    return new Blob(mediaType, bytes, sha256(bytes));
  }

  public static Blob json(String mediaType, String json) {
    return of(mediaType, json.getBytes(StandardCharsets.UTF_8));
  }

  public long size() {
    return bytes.length;
  }

  /** The OCI descriptor of this blob: media type, digest and size. */
  public Map<String, Object> descriptor() {
    Map<String, Object> descriptor = new LinkedHashMap<>();
    descriptor.put("mediaType", mediaType);
    descriptor.put("digest", digest);
    descriptor.put("size", bytes.length);
    return descriptor;
  }

  public static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
