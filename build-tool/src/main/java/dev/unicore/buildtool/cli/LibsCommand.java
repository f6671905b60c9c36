package dev.unicore.buildtool.cli;

import dev.unicore.resolver.manifest.Catalog;
import dev.unicore.resolver.manifest.LibraryManifest;
import dev.unicore.resolver.manifest.OptionSpec;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code unicore libs}: lists the μ-lib catalog of the tree, or describes one library. */
@Command(
    name = "libs",
    mixinStandardHelpOptions = true,
    description = {
      "List the μ-libs of unikernel/lib and unikernel/plat, or describe one: what it provides and"
          + " requires, where it runs, its options, and which libraries depend on it."
    })
final class LibsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "LIBRARY",
      description = "A library to describe in full.")
  String libraryName;

  @Override
  public Integer call() throws Exception {
    Catalog catalog = Workspace.current().catalog();
    PrintWriter out = spec.commandLine().getOut();
    if (libraryName == null) {
      list(out, catalog);
    } else {
      LibraryManifest library =
          catalog
              .lookup(libraryName)
              .orElseThrow(
                  () ->
                      new UserError(
                          "no library named `" + libraryName + "`",
                          "run `unicore libs` to list the catalog"));
      describe(out, catalog, library);
    }
    out.flush();
    return 0;
  }

  private static void list(PrintWriter out, Catalog catalog) {
    String format = "%-16s %-8s %-9s %-8s %-20s %s%n";
    out.printf(format, "NAME", "VERSION", "KIND", "CATEGORY", "PROVIDES", "TARGETS");
    for (LibraryManifest library : catalog.libraries()) {
      out.printf(
          format,
          library.name(),
          library.version(),
          library.kind().tomlName(),
          library.category().tomlName(),
          library.provides().isEmpty() ? "-" : join(library.provides()),
          join(library.platforms()) + " / " + join(library.architectures()));
    }
  }

  private static void describe(PrintWriter out, Catalog catalog, LibraryManifest library) {
    out.println(library.name() + " " + library.version() + " — " + library.summary());
    out.println("  kind:          " + library.kind().tomlName());
    out.println("  category:      " + library.category().tomlName());
    out.println("  provides:      " + orNone(library.provides()));
    out.println("  default for:   " + orNone(library.defaultFor()));
    out.println("  requires:      " + orNone(library.requires()));
    out.println("  conflicts:     " + orNone(library.conflicts()));
    out.println("  platforms:     " + join(library.platforms()));
    out.println("  architectures: " + join(library.architectures()));
    out.println("  init:          " + library.init().orElse("none"));
    out.println("  folder:        " + library.directory());
    out.println(
        "  used by:       "
            + orNone(catalog.dependentsOf(library).stream().map(LibraryManifest::name).toList()));
    if (!library.options().isEmpty()) {
      out.println("  options:");
      for (OptionSpec option : library.options().values()) {
        out.println(
            "    "
                + option.name()
                + " ("
                + option.describeAllowed()
                + ", default "
                + ResolutionReport.tomlValue(option.defaultValue())
                + ")");
        out.println("        " + option.help());
      }
    }
  }

  private static String join(Collection<String> values) {
    return String.join(",", new TreeSet<>(values));
  }

  private static String orNone(Collection<String> values) {
    return values.isEmpty()
        ? "none"
        : values instanceof List<String> list
            ? String.join(", ", list)
            : values.stream().sorted().collect(Collectors.joining(", "));
  }
}
