package dev.unicore.registry.distribution;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request path under {@code /v2/}, split into route, repository name and reference. It is parsed
 * from the raw request URI (not the container's normalized path), so that {@code ..} segments reach
 * the name check and are refused rather than silently resolved.
 *
 * @param route which API the path addresses
 * @param repository the repository name (decoded, not yet validated), or null
 * @param reference the tag, digest or upload id (decoded, not yet validated), or null
 */
public record RegistryPath(Route route, String repository, String reference) {
  /** The routes of the distribution API. */
  public enum Route {
    BASE,
    CATALOG,
    MANIFEST,
    BLOB,
    UPLOADS,
    UPLOAD,
    TAGS,
    REFERRERS
  }

  private static final Pattern NAME =
      Pattern.compile(
          "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");
  private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");
  private static final int MAX_NAME = 255;

  private static final Pattern UPLOADS = Pattern.compile("(.+)/blobs/uploads/?");
  private static final Pattern UPLOAD = Pattern.compile("(.+)/blobs/uploads/([^/]+)");
  private static final Pattern MANIFEST = Pattern.compile("(.+)/manifests/([^/]+)");
  private static final Pattern BLOB = Pattern.compile("(.+)/blobs/([^/]+)");
  private static final Pattern TAGS = Pattern.compile("(.+)/tags/list");
  private static final Pattern REFERRERS = Pattern.compile("(.+)/referrers/([^/]+)");

  /**
   * Parses a raw path (as sent, percent-encoded, without the context path).
   *
   * @return empty when the path is not under {@code /v2} or names no route
   */
  public static Optional<RegistryPath> parse(String rawPath) {
    if (rawPath == null || !rawPath.startsWith("/v2")) {
      return Optional.empty();
    }
    String rest = rawPath.substring(3);
    if (rest.isEmpty() || rest.equals("/")) {
      return Optional.of(new RegistryPath(Route.BASE, null, null));
    }
    if (!rest.startsWith("/")) {
      return Optional.empty();
    }
    rest = rest.substring(1);
    if (rest.equals("_catalog")) {
      return Optional.of(new RegistryPath(Route.CATALOG, null, null));
    }
    Matcher m;
    if ((m = UPLOADS.matcher(rest)).matches()) {
      return Optional.of(new RegistryPath(Route.UPLOADS, decode(m.group(1)), null));
    }
    if ((m = UPLOAD.matcher(rest)).matches()) {
      return of(Route.UPLOAD, m);
    }
    if ((m = MANIFEST.matcher(rest)).matches()) {
      return of(Route.MANIFEST, m);
    }
    if ((m = BLOB.matcher(rest)).matches()) {
      return of(Route.BLOB, m);
    }
    if ((m = TAGS.matcher(rest)).matches()) {
      return Optional.of(new RegistryPath(Route.TAGS, decode(m.group(1)), null));
    }
    if ((m = REFERRERS.matcher(rest)).matches()) {
      return of(Route.REFERRERS, m);
    }
    return Optional.empty();
  }

  private static Optional<RegistryPath> of(Route route, Matcher m) {
    return Optional.of(new RegistryPath(route, decode(m.group(1)), decode(m.group(2))));
  }

  /** Whether the repository name follows the spec's grammar and length limit. */
  public static boolean isValidName(String name) {
    return name != null && name.length() <= MAX_NAME && NAME.matcher(name).matches();
  }

  /** Whether the text is a valid tag. */
  public static boolean isValidTag(String tag) {
    return tag != null && TAG.matcher(tag).matches();
  }

  /** Percent-decodes a path piece; a malformed escape is kept as is (and fails validation). */
  static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()) {
        int high = Character.digit(raw.charAt(i + 1), 16);
        int low = Character.digit(raw.charAt(i + 2), 16);
        if (high >= 0 && low >= 0) {
          out.write(high * 16 + low);
          i += 2;
          continue;
        }
      }
      out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
