package dev.unicore.buildtool.run;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine-readable console lines of the core (see "Console contract" in {@code
 * unikernel/README.md}): one just before the application starts, one when it exits, carrying its
 * status. Runners, agents and tests recognize a unikernel's life cycle by these lines only.
 */
public final class ConsoleMarkers {
  private static final Pattern START = Pattern.compile("UNICORE:START app=(\\S+) .*");
  private static final Pattern EXIT = Pattern.compile("UNICORE:EXIT status=(-?\\d+)");

  private ConsoleMarkers() {}

  /** True when {@code line} (without its line ending) is the start marker. */
  public static boolean isStart(String line) {
    return START.matcher(stripCarriageReturn(line)).matches();
  }

  /** The status of an exit marker line, or empty when {@code line} is not one. */
  public static OptionalInt exitStatus(String line) {
    Matcher matcher = EXIT.matcher(stripCarriageReturn(line));
    if (!matcher.matches()) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(matcher.group(1)));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  private static String stripCarriageReturn(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
