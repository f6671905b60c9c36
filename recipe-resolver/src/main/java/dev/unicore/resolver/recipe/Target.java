package dev.unicore.resolver.recipe;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A platform and an architecture to build for, written {@code platform/architecture} as in {@code
 * qemu/x86_64}.
 */
public record Target(String platform, String architecture) implements Comparable<Target> {
  private static final Pattern FORM = Pattern.compile("([a-z][a-z0-9-]*)/([a-z][a-z0-9_]*)");

  public Target {
    Objects.requireNonNull(platform);
    Objects.requireNonNull(architecture);
  }

  /** Parses {@code platform/architecture}; empty when the text does not have that form. */
  public static Optional<Target> parse(String text) {
    Matcher matcher = FORM.matcher(text);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    return Optional.of(new Target(matcher.group(1), matcher.group(2)));
  }

  /** A name usable as a folder name: {@code qemu-x86_64}. */
  public String folderName() {
    return platform + "-" + architecture;
  }

  @Override
  public String toString() {
    return platform + "/" + architecture;
  }

  @Override
  public int compareTo(Target other) {
    return toString().compareTo(other.toString());
  }
}
