package dev.unicore.builderworker.engine;

import dev.unicore.resolver.BuildPlan;
import dev.unicore.resolver.ResolvedLibrary;
import dev.unicore.resolver.SelectionReason;
import dev.unicore.resolver.manifest.Catalog;
import dev.unicore.resolver.manifest.LibraryKind;
import dev.unicore.resolver.manifest.LibraryManifest;
import dev.unicore.resolver.manifest.OptionSpec;
import dev.unicore.resolver.recipe.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the plan the control plane resolved (names, versions, option values, reasons) back into the
 * resolver's {@link BuildPlan} over this worker's catalog, so the build tool's engine can build it.
 * The worker does not resolve again: the control plane's plan is the one that was validated and
 * stored with the build. Every library must exist here in the same version with the same options,
 * otherwise the worker's unikernel tree is not the one the plan was made from and the task is
 * refused with every difference listed.
 */
public final class PlanAssembly {
  private static final Pattern REQUIRED = Pattern.compile("required by (.+)");
  private static final Pattern DEFAULT_PROVIDER =
      Pattern.compile("provides API `([^`]+)` required by (.+)");

  private PlanAssembly() {}

  /** The plan's libraries do not match the catalog; the message lists every difference. */
  public static final class PlanMismatchException extends Exception {
    private static final long serialVersionUID = 1L;

    PlanMismatchException(List<String> problems) {
      super(String.join("; ", problems));
    }
  }

  public static BuildPlan assemble(Catalog catalog, BuildJob job) throws PlanMismatchException {
    List<String> problems = new ArrayList<>();
    Optional<Target> target = Target.parse(job.target());
    if (target.isEmpty()) {
      throw new PlanMismatchException(
          List.of("target \"" + job.target() + "\" is not of the form platform/architecture"));
    }
    if (job.libraries().isEmpty()) {
      throw new PlanMismatchException(List.of("the plan has no libraries"));
    }
    List<ResolvedLibrary> libraries = new ArrayList<>();
    boolean platformFound = false;
    for (BuildJob.Library planned : job.libraries()) {
      Optional<LibraryManifest> manifest = catalog.lookup(planned.name());
      if (manifest.isEmpty()) {
        problems.add("library `" + planned.name() + "` is not in this worker's catalog");
        continue;
      }
      if (!manifest.get().version().equals(planned.version())) {
        problems.add(
            "the plan needs `"
                + planned.name()
                + "` "
                + planned.version()
                + " but this worker has "
                + manifest.get().version());
        continue;
      }
      if (manifest.get().kind() == LibraryKind.PLATFORM) {
        platformFound |= planned.name().equals(target.get().platform());
      }
      Map<String, Object> options = options(manifest.get(), planned, problems);
      libraries.add(new ResolvedLibrary(manifest.get(), options, reason(planned.reason())));
    }
    if (!platformFound) {
      problems.add(
          "the plan has no platform library `" + target.get().platform() + "` for its target");
    }
    if (!problems.isEmpty()) {
      throw new PlanMismatchException(problems);
    }
    return new BuildPlan(
        target.get(),
        job.applicationName(),
        job.applicationDirectory(),
        job.commandLine(),
        libraries,
        false);
  }

  /** Every option of the manifest: the plan's value, checked, or the default when it has none. */
  private static Map<String, Object> options(
      LibraryManifest manifest, BuildJob.Library planned, List<String> problems) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (String name : planned.options().keySet()) {
      if (!manifest.options().containsKey(name)) {
        problems.add("library `" + manifest.name() + "` has no option `" + name + "` here");
      }
    }
    for (Map.Entry<String, OptionSpec> option : manifest.options().entrySet()) {
      Object value =
          planned.options().getOrDefault(option.getKey(), option.getValue().defaultValue());
      Optional<String> wrong = option.getValue().check(value);
      if (wrong.isPresent()) {
        problems.add(
            "option `" + option.getKey() + "` of `" + manifest.name() + "`: " + wrong.get());
      }
      values.put(option.getKey(), value);
    }
    return values;
  }

  /**
   * The reason back as the resolver's value, so the generated header carries the same comments as a
   * `unicore build`; text it cannot read becomes "chosen" (it only feeds a comment).
   */
  static SelectionReason reason(String text) {
    if (text.equals(SelectionReason.platform().toString())) {
      return SelectionReason.platform();
    }
    Matcher provider = DEFAULT_PROVIDER.matcher(text);
    if (provider.matches()) {
      return new SelectionReason(
          SelectionReason.Kind.DEFAULT_PROVIDER, provider.group(2), provider.group(1));
    }
    Matcher required = REQUIRED.matcher(text);
    if (required.matches()) {
      return new SelectionReason(SelectionReason.Kind.REQUIRED, required.group(1), null);
    }
    return SelectionReason.chosen();
  }
}
