package dev.unicore.buildtool.cli;

import dev.unicore.resolver.BuildPlan;
import dev.unicore.resolver.Problem;
import dev.unicore.resolver.ResolvedLibrary;
import dev.unicore.resolver.TargetResolution;
import dev.unicore.resolver.manifest.OptionSpec;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Prints what the resolver answered for each target, for people: plans, problems and fixes. */
final class ResolutionReport {
  private ResolutionReport() {}

  /** Every target in full: initialization order with reasons, option values, notes, problems. */
  static void printDetailed(PrintWriter out, List<TargetResolution> targets) {
    for (TargetResolution target : targets) {
      if (target.plan().isPresent()) {
        out.println(target.target() + ": resolves");
        printPlan(out, target.plan().get());
      } else {
        out.println(target.target() + ": does not resolve");
        printEach(out, target.problems());
      }
      for (String note : target.notes()) {
        out.println("  note: " + note);
      }
    }
  }

  /** Only the targets that do not resolve, with their problems. */
  static void printProblems(PrintWriter out, List<TargetResolution> targets) {
    for (TargetResolution target : targets) {
      if (!target.resolved()) {
        out.println(target.target() + ": does not resolve");
        printEach(out, target.problems());
      }
    }
  }

  private static void printEach(PrintWriter out, List<Problem> problems) {
    for (Problem problem : problems) {
      out.println("  error: " + problem.message());
      out.println("    fix: " + problem.fix());
    }
  }

  private static void printPlan(PrintWriter out, BuildPlan plan) {
    out.println("  initialization order:");
    int position = 1;
    for (ResolvedLibrary library : plan.libraries()) {
      out.printf(
          "    %2d. %-16s %-8s %s%n",
          position++, library.name(), library.manifest().version(), library.reason());
    }
    boolean header = false;
    for (ResolvedLibrary library : plan.libraries()) {
      for (Map.Entry<String, Object> option : library.options().entrySet()) {
        if (!header) {
          out.println("  options:");
          header = true;
        }
        OptionSpec spec = library.manifest().options().get(option.getKey());
        boolean isDefault = Objects.equals(spec.defaultValue(), option.getValue());
        out.printf(
            "    %s.%s = %s%s%n",
            library.name(),
            option.getKey(),
            tomlValue(option.getValue()),
            isDefault ? " (default)" : "");
      }
    }
  }

  static String tomlValue(Object value) {
    return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
  }
}
