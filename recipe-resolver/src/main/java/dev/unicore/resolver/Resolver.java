package dev.unicore.resolver;

import dev.unicore.resolver.manifest.Catalog;
import dev.unicore.resolver.manifest.LibraryKind;
import dev.unicore.resolver.manifest.LibraryManifest;
import dev.unicore.resolver.manifest.OptionSpec;
import dev.unicore.resolver.recipe.LibraryChoice;
import dev.unicore.resolver.recipe.OptionSetting;
import dev.unicore.resolver.recipe.Recipe;
import dev.unicore.resolver.recipe.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The one dependency resolver of Unicore: turns a recipe into a build plan per target, or into the
 * list of problems that prevent one, each with its fix.
 *
 * <p>Per target it selects the target's platform library and the libraries the recipe names, then
 * closes the set over requirements: a requirement naming a library adds that library; a requirement
 * naming an API is met by a selected library providing it, or else by the API's default provider
 * (or its only provider for the target), which the resolver reports as a note. Requirements by name
 * are followed before any default is picked, so a library that something names explicitly wins over
 * a default. The closed set is then checked for unsupported targets, conflicts, several providers
 * of one API and dependency cycles; if all is well, the initialization order is the dependency
 * order, ties broken by name so it is reproducible.
 *
 * <p>Thread-safe: a resolver holds only its immutable catalog.
 */
public final class Resolver {
  private final Catalog catalog;

  public Resolver(Catalog catalog) {
    this.catalog = catalog;
  }

  public Catalog catalog() {
    return catalog;
  }

  /** Resolves every target the recipe lists. */
  public Resolution resolve(Recipe recipe) {
    return resolve(recipe, recipe.targets());
  }

  /** Resolves the given targets of a recipe (which need not be the recipe's own). */
  public Resolution resolve(Recipe recipe, List<Target> targets) {
    return new Resolution(recipe, targets.stream().map(target -> resolve(recipe, target)).toList());
  }

  /** Resolves one target. */
  public TargetResolution resolve(Recipe recipe, Target target) {
    return new TargetRun(recipe, target).run();
  }

  /** The state of resolving one recipe for one target. */
  private final class TargetRun {
    private final Recipe recipe;
    private final Target target;
    private final Map<String, LibraryManifest> selected = new LinkedHashMap<>();
    private final Map<String, SelectionReason> reasons = new HashMap<>();
    private final Map<String, LibraryChoice> choices = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Set<String> unmetReported = new HashSet<>();

    TargetRun(Recipe recipe, Target target) {
      this.recipe = recipe;
      this.target = target;
    }

    TargetResolution run() {
      selectPlatform();
      selectChosenLibraries();
      closeOverRequirements();
      checkTargetSupport();
      checkConflicts();
      checkSeveralProviders();
      Map<String, Set<String>> dependencies = dependencyGraph();
      checkCycles(dependencies);
      if (!problems.isEmpty()) {
        return new TargetResolution(target, Optional.empty(), problems, notes);
      }
      BuildPlan plan =
          new BuildPlan(
              target,
              recipe.applicationName(),
              recipe.applicationDirectory(),
              recipe.commandLine(),
              initializationOrder(dependencies),
              recipe.withTests());
      return new TargetResolution(target, Optional.of(plan), List.of(), notes);
    }

    private void selectPlatform() {
      Optional<LibraryManifest> platform =
          catalog.lookup(target.platform()).filter(lib -> lib.kind() == LibraryKind.PLATFORM);
      if (platform.isEmpty()) {
        problem(
            ProblemKind.UNKNOWN_TARGET,
            "unknown platform `" + target.platform() + "` in target " + target,
            "use one of the known platforms: " + names(platforms()));
        return;
      }
      if (!platform.get().architectures().contains(target.architecture())) {
        problem(
            ProblemKind.UNSUPPORTED_TARGET,
            "platform `"
                + target.platform()
                + "` does not support architecture `"
                + target.architecture()
                + "`",
            "use one of its architectures: " + names(platform.get().architectures()));
        return;
      }
      select(platform.get(), SelectionReason.platform());
    }

    private void selectChosenLibraries() {
      for (LibraryChoice choice : recipe.libraries()) {
        Optional<LibraryManifest> library = catalog.lookup(choice.name());
        if (library.isEmpty()) {
          problem(
              ProblemKind.UNKNOWN_LIBRARY,
              "unknown library `" + choice.name() + "`" + at(choice.line()),
              suggestion(choice.name()).map(name -> "did you mean `" + name + "`? ").orElse("")
                  + "remove it, or pick a library from `unicore libs`");
          continue;
        }
        if (library.get().kind() == LibraryKind.PLATFORM) {
          problem(
              ProblemKind.UNKNOWN_LIBRARY,
              "`" + choice.name() + "` is a platform library" + at(choice.line()),
              "remove it from [libraries]; a platform is chosen by the recipe's targets");
          continue;
        }
        choices.put(choice.name(), choice);
        checkOptions(library.get(), choice);
        select(library.get(), SelectionReason.chosen());
      }
    }

    private void checkOptions(LibraryManifest library, LibraryChoice choice) {
      for (Map.Entry<String, OptionSetting> setting : choice.options().entrySet()) {
        String optionName = setting.getKey();
        OptionSpec spec = library.options().get(optionName);
        if (spec == null) {
          problem(
              ProblemKind.UNKNOWN_OPTION,
              "library `"
                  + library.name()
                  + "` has no option `"
                  + optionName
                  + "`"
                  + at(setting.getValue().line()),
              library.options().isEmpty()
                  ? "remove it; `" + library.name() + "` has no options"
                  : "remove it, or use one of: " + names(library.options().keySet()));
          continue;
        }
        spec.check(setting.getValue().value())
            .ifPresent(
                wrong ->
                    problem(
                        ProblemKind.INVALID_OPTION_VALUE,
                        "option `"
                            + optionName
                            + "` of `"
                            + library.name()
                            + "`: "
                            + wrong
                            + at(setting.getValue().line()),
                        "set it to "
                            + spec.describeAllowed()
                            + ", or remove it to use the default ("
                            + spec.defaultValue()
                            + ")"));
      }
    }

    /**
     * Adds required libraries until every requirement is met or reported: first everything required
     * by name, then one default provider at a time, since a provider may bring in requirements of
     * its own.
     */
    private void closeOverRequirements() {
      boolean changed = true;
      while (changed) {
        changed = addLibrariesRequiredByName();
        if (!changed) {
          changed = addOneDefaultProvider();
        }
      }
    }

    private boolean addLibrariesRequiredByName() {
      boolean changed = false;
      for (Requirer requirer : requirers()) {
        for (String requirement : requirer.requires()) {
          if (isMet(requirement) || catalog.isApi(requirement)) {
            continue;
          }
          Optional<LibraryManifest> library = catalog.lookup(requirement);
          if (library.isPresent() && library.get().kind() != LibraryKind.PLATFORM) {
            select(
                library.get(),
                new SelectionReason(
                    SelectionReason.Kind.REQUIRED, requirer.description(), requirement));
            changed = true;
          } else if (unmetReported.add(requirer.description() + "\0" + requirement)) {
            problem(
                ProblemKind.UNMET_DEPENDENCY,
                "`"
                    + requirement
                    + "` required by "
                    + requirer.description()
                    + (library.isPresent()
                        ? " is a platform library, which only a target can select"
                        : " is neither a library nor an API of the catalog"),
                "fix the requirement, or add the missing library to the catalog");
          }
        }
      }
      return changed;
    }

    private boolean addOneDefaultProvider() {
      for (Requirer requirer : requirers()) {
        for (String requirement : requirer.requires()) {
          String key = requirer.description() + "\0" + requirement;
          if (isMet(requirement) || !catalog.isApi(requirement) || unmetReported.contains(key)) {
            continue;
          }
          Optional<LibraryManifest> provider = chooseProvider(requirement, requirer);
          if (provider.isEmpty()) {
            unmetReported.add(key);
            continue;
          }
          select(
              provider.get(),
              new SelectionReason(
                  SelectionReason.Kind.DEFAULT_PROVIDER, requirer.description(), requirement));
          return true;
        }
      }
      return false;
    }

    /** Picks the provider of an API the recipe left open, or reports why none can be picked. */
    private Optional<LibraryManifest> chooseProvider(String api, Requirer requirer) {
      String need = "API `" + api + "` required by " + requirer.description();
      List<LibraryManifest> providers = catalog.providersOf(api);
      List<LibraryManifest> candidates =
          providers.stream()
              .filter(library -> library.supports(target.platform(), target.architecture()))
              .toList();
      Optional<LibraryManifest> defaultProvider =
          catalog.defaultProviderOf(api).filter(candidates::contains);
      List<String> alternatives =
          candidates.stream()
              .map(LibraryManifest::name)
              .filter(name -> defaultProvider.map(d -> !d.name().equals(name)).orElse(true))
              .toList();
      if (defaultProvider.isPresent()) {
        notes.add(
            need
                + ": using its default provider `"
                + defaultProvider.get().name()
                + "`"
                + (alternatives.isEmpty()
                    ? ""
                    : " (alternatives: " + String.join(", ", alternatives) + ")"));
        return defaultProvider;
      }
      if (candidates.size() == 1) {
        notes.add(
            need + ": using `" + candidates.get(0).name() + "`, its only provider for " + target);
        return Optional.of(candidates.get(0));
      }
      if (candidates.isEmpty()) {
        problem(
            ProblemKind.UNMET_DEPENDENCY,
            need
                + " has no provider for "
                + target
                + " (its providers: "
                + providers.stream().map(LibraryManifest::name).collect(Collectors.joining(", "))
                + ")",
            "drop target " + target + ", or add a library that provides `" + api + "` for it");
      } else {
        problem(
            ProblemKind.UNMET_DEPENDENCY,
            need + " has no provider; choose one of: " + String.join(", ", alternatives),
            "add one of them to the recipe, e.g. [libraries." + alternatives.get(0) + "]");
      }
      return Optional.empty();
    }

    private void checkTargetSupport() {
      for (LibraryManifest library : selected.values()) {
        if (library.kind() == LibraryKind.PLATFORM
            || library.supports(target.platform(), target.architecture())) {
          continue;
        }
        SelectionReason reason = reasons.get(library.name());
        problem(
            ProblemKind.UNSUPPORTED_TARGET,
            "library `"
                + library.name()
                + "` ("
                + reason
                + ") does not support "
                + target
                + " (platforms: "
                + names(library.platforms())
                + "; architectures: "
                + names(library.architectures())
                + ")",
            reason.kind() == SelectionReason.Kind.CHOSEN
                ? "remove it from the recipe, or drop target " + target
                : "drop target " + target + ", or replace " + reason.requiredBy());
      }
    }

    private void checkConflicts() {
      Set<String> reported = new HashSet<>();
      for (LibraryManifest library : selected.values()) {
        for (String excluded : library.conflicts()) {
          for (LibraryManifest other : selected.values()) {
            if (other == library || !other.matches(excluded)) {
              continue;
            }
            String pair = new TreeSet<>(List.of(library.name(), other.name())).toString();
            if (!reported.add(pair)) {
              continue;
            }
            problem(
                ProblemKind.CONFLICT,
                "`"
                    + library.name()
                    + "` conflicts with `"
                    + other.name()
                    + "`"
                    + (excluded.equals(other.name()) ? "" : " (which provides `" + excluded + "`)"),
                "keep only one of them: remove `"
                    + library.name()
                    + "` or `"
                    + other.name()
                    + "`, or the library that requires it, from the recipe");
          }
        }
      }
    }

    private void checkSeveralProviders() {
      Map<String, List<String>> providersByApi = new LinkedHashMap<>();
      for (LibraryManifest library : selected.values()) {
        for (String api : new TreeSet<>(library.provides())) {
          providersByApi.computeIfAbsent(api, key -> new ArrayList<>()).add(library.name());
        }
      }
      providersByApi.forEach(
          (api, providers) -> {
            if (providers.size() > 1) {
              problem(
                  ProblemKind.MULTIPLE_PROVIDERS,
                  "API `"
                      + api
                      + "` has several providers in this build: "
                      + String.join(", ", providers),
                  "keep exactly one of them in the recipe; a build has one implementation per API");
            }
          });
    }

    /** Edges from each selected library to the selected libraries meeting its requirements. */
    private Map<String, Set<String>> dependencyGraph() {
      Map<String, Set<String>> dependencies = new LinkedHashMap<>();
      for (LibraryManifest library : selected.values()) {
        Set<String> edges = new TreeSet<>();
        for (String requirement : library.requires()) {
          for (LibraryManifest other : selected.values()) {
            if (other != library && other.matches(requirement)) {
              edges.add(other.name());
            }
          }
        }
        dependencies.put(library.name(), edges);
      }
      return dependencies;
    }

    private void checkCycles(Map<String, Set<String>> dependencies) {
      Set<String> finished = new HashSet<>();
      Set<String> reportedCycles = new HashSet<>();
      for (String start : new TreeSet<>(dependencies.keySet())) {
        findCycles(start, dependencies, new ArrayList<>(), finished, reportedCycles);
      }
    }

    private void findCycles(
        String library,
        Map<String, Set<String>> dependencies,
        List<String> path,
        Set<String> finished,
        Set<String> reportedCycles) {
      int index = path.indexOf(library);
      if (index >= 0) {
        List<String> cycle = new ArrayList<>(path.subList(index, path.size()));
        if (reportedCycles.add(new TreeSet<>(cycle).toString())) {
          cycle.add(library);
          problem(
              ProblemKind.DEPENDENCY_CYCLE,
              "libraries require each other in a cycle: " + String.join(" → ", cycle),
              "break the cycle: remove one of these requirements from its library.toml, or"
                  + " replace one of the libraries");
        }
        return;
      }
      if (finished.contains(library)) {
        return;
      }
      path.add(library);
      for (String dependency : dependencies.get(library)) {
        findCycles(dependency, dependencies, path, finished, reportedCycles);
      }
      path.remove(path.size() - 1);
      finished.add(library);
    }

    /** Dependencies first; among libraries ready at the same time, alphabetical order. */
    private List<ResolvedLibrary> initializationOrder(Map<String, Set<String>> dependencies) {
      Map<String, Integer> unmetCounts = new HashMap<>();
      Map<String, List<String>> dependents = new HashMap<>();
      dependencies.forEach(
          (library, edges) -> {
            unmetCounts.put(library, edges.size());
            edges.forEach(
                dependency ->
                    dependents.computeIfAbsent(dependency, key -> new ArrayList<>()).add(library));
          });
      TreeSet<String> ready = new TreeSet<>();
      unmetCounts.forEach(
          (library, count) -> {
            if (count == 0) {
              ready.add(library);
            }
          });
      List<ResolvedLibrary> order = new ArrayList<>();
      while (!ready.isEmpty()) {
        String library = ready.pollFirst();
        order.add(resolved(selected.get(library)));
        for (String dependent : dependents.getOrDefault(library, List.of())) {
          if (unmetCounts.merge(dependent, -1, Integer::sum) == 0) {
            ready.add(dependent);
          }
        }
      }
      return order;
    }

    private ResolvedLibrary resolved(LibraryManifest library) {
      Map<String, Object> values = new LinkedHashMap<>();
      library.options().forEach((name, spec) -> values.put(name, spec.defaultValue()));
      LibraryChoice choice = choices.get(library.name());
      if (choice != null) {
        choice.options().forEach((name, setting) -> values.put(name, setting.value()));
      }
      return new ResolvedLibrary(library, values, reasons.get(library.name()));
    }

    private void select(LibraryManifest library, SelectionReason reason) {
      if (selected.putIfAbsent(library.name(), library) == null) {
        reasons.put(library.name(), reason);
      }
    }

    private boolean isMet(String requirement) {
      return selected.values().stream().anyMatch(library -> library.matches(requirement));
    }

    /** The application first, then the selected libraries in selection order. */
    private List<Requirer> requirers() {
      List<Requirer> requirers = new ArrayList<>();
      requirers.add(
          new Requirer(
              "application `" + recipe.applicationName() + "`", recipe.applicationRequires()));
      for (LibraryManifest library : List.copyOf(selected.values())) {
        requirers.add(new Requirer("`" + library.name() + "`", library.requires()));
      }
      return requirers;
    }

    private Set<String> platforms() {
      Set<String> platforms = new TreeSet<>();
      for (LibraryManifest library : catalog.libraries()) {
        if (library.kind() == LibraryKind.PLATFORM) {
          platforms.add(library.name());
        }
      }
      return platforms;
    }

    private Optional<String> suggestion(String unknown) {
      return catalog.libraries().stream()
          .map(LibraryManifest::name)
          .filter(name -> editDistance(name, unknown) <= 2)
          .findFirst();
    }

    private String at(int line) {
      return line > 0 ? " (" + recipe.file().getFileName() + " line " + line + ")" : "";
    }

    private void problem(ProblemKind kind, String message, String fix) {
      problems.add(new Problem(kind, message, fix));
    }
  }

  /** Something that has requirements: the application or a selected library. */
  private record Requirer(String description, List<String> requires) {}

  private static String names(Set<String> names) {
    return String.join(", ", new TreeSet<>(names));
  }

  /** Levenshtein distance, for "did you mean" suggestions on short names. */
  static int editDistance(String left, String right) {
    int[] previous = new int[right.length() + 1];
    int[] current = new int[right.length() + 1];
    for (int j = 0; j <= right.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= left.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= right.length(); j++) {
        int substitution = left.charAt(i - 1) == right.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + substitution);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[right.length()];
  }
}
