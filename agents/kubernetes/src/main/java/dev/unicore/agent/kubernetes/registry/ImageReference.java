package dev.unicore.agent.kubernetes.registry;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image in the platform registry: a repository and a tag or a digest. The spec may prefix the
 * registry's host; any other host is refused, because the operator only pulls from its platform.
 */
public record ImageReference(String repository, String tag, String digest) {
  private static final Pattern REPOSITORY =
      Pattern.compile(
          "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");
  private static final Pattern REFERENCE =
      Pattern.compile("([^@:]+(?::\\d+)?/)?([^@:]+)(?::([^@]+))?(?:@(.+))?");

  /**
   * The reference named by {@code image}, or why it cannot be one in the registry at {@code host}.
   */
  public static Result parse(String image, String host) {
    if (image == null || image.isBlank()) {
      return Result.error("`image` is empty");
    }
    String rest = image.strip();
    String prefix = host + "/";
    if (rest.startsWith(prefix)) {
      rest = rest.substring(prefix.length());
    } else {
      int slash = rest.indexOf('/');
      String first = slash < 0 ? "" : rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        return Result.error(
            "image `" + image + "` is not in the platform registry " + host + "; push it there");
      }
    }
    Matcher matcher = REFERENCE.matcher(rest);
    if (!matcher.matches()) {
      return Result.error("image `" + image + "` is not repository[:tag] or repository@digest");
    }
    String repository = (matcher.group(1) == null ? "" : matcher.group(1)) + matcher.group(2);
    String tag = matcher.group(3);
    String digest = matcher.group(4);
    if (!REPOSITORY.matcher(repository).matches()) {
      return Result.error(
          "image `" + image + "` has an invalid repository name `" + repository + "`");
    }
    if (tag != null && !TAG.matcher(tag).matches()) {
      return Result.error("image `" + image + "` has an invalid tag `" + tag + "`");
    }
    if (digest != null && !DIGEST.matcher(digest).matches()) {
      return Result.error("image `" + image + "` has an invalid digest (sha256:<64 hex>)");
    }
    return new Result(
        Optional.of(
            new ImageReference(repository, tag == null && digest == null ? "latest" : tag, digest)),
        null);
  }

  /** The tag or digest to ask the registry for. */
  public String reference() {
    return digest != null ? digest : tag;
  }

  /** What {@link #parse} found: a reference or an error. */
  public record Result(Optional<ImageReference> reference, String error) {
    static Result error(String error) {
      return new Result(Optional.empty(), error);
    }
  }
}
