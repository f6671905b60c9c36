package dev.unicore.resolver;

import dev.unicore.resolver.manifest.Catalog;
import dev.unicore.resolver.manifest.Category;
import dev.unicore.resolver.manifest.LibraryKind;
import dev.unicore.resolver.manifest.LibraryManifest;
import dev.unicore.resolver.manifest.OptionSpec;
import dev.unicore.resolver.recipe.LibraryChoice;
import dev.unicore.resolver.recipe.OptionSetting;
import dev.unicore.resolver.recipe.Recipe;
import dev.unicore.resolver.recipe.Target;
import dev.unicore.resolver.toml.DefinitionException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds catalogs and recipes in memory for resolver tests; nothing here touches files. */
final class TestCatalogs {
  static final Target QEMU_X86 = new Target("qemu", "x86_64");
  static final Target QEMU_ARM = new Target("qemu", "arm64");
  static final Target LINUXU_X86 = new Target("linuxu", "x86_64");

  private TestCatalogs() {}

  /** A fluent description of one library; unspecified fields take harmless defaults. */
  static final class Library {
    private final String name;
    private LibraryKind kind = LibraryKind.INTERNAL;
    private final Set<String> provides = new LinkedHashSet<>();
    private final Set<String> defaultFor = new LinkedHashSet<>();
    private final List<String> requires = new ArrayList<>();
    private final List<String> conflicts = new ArrayList<>();
    private Set<String> platforms = Set.of("qemu", "linuxu");
    private Set<String> architectures = Set.of("x86_64", "arm64");
    private final Map<String, OptionSpec> options = new LinkedHashMap<>();

    Library(String name) {
      this.name = name;
    }

    Library platform(String... architectures) {
      this.kind = LibraryKind.PLATFORM;
      this.platforms = Set.of(name);
      this.architectures = Set.of(architectures);
      return this;
    }

    Library provides(String api) {
      provides.add(api);
      return this;
    }

    Library defaultFor(String api) {
      provides.add(api);
      defaultFor.add(api);
      return this;
    }

    Library requires(String... requirements) {
      requires.addAll(List.of(requirements));
      return this;
    }

    Library conflicts(String... excluded) {
      conflicts.addAll(List.of(excluded));
      return this;
    }

    Library platforms(String... platforms) {
      this.platforms = Set.of(platforms);
      return this;
    }

    Library architectures(String... architectures) {
      this.architectures = Set.of(architectures);
      return this;
    }

    Library option(OptionSpec spec) {
      options.put(spec.name(), spec);
      return this;
    }

    LibraryManifest manifest() {
      return new LibraryManifest(
          name,
          "1.0.0",
          Category.MISC,
          kind,
          "The " + name + " library.",
          provides,
          defaultFor,
          requires,
          conflicts,
          platforms,
          architectures,
          Optional.empty(),
          options,
          Path.of("/catalog", kind == LibraryKind.PLATFORM ? "plat" : "lib", name));
    }
  }

  static Library library(String name) {
    return new Library(name);
  }

  static Catalog catalog(Library... libraries) {
    try {
      return Catalog.of(List.of(libraries).stream().map(Library::manifest).toList());
    } catch (DefinitionException e) {
      throw new AssertionError(e);
    }
  }

  /** A recipe for application "app" that requires {@code requires} and chooses {@code chosen}. */
  static Recipe recipe(List<String> requires, List<LibraryChoice> chosen, Target... targets) {
    return new Recipe(
        Path.of("/apps/app/recipe.toml"),
        "app",
        Path.of("/apps/app"),
        requires,
        chosen,
        List.of(targets),
        "",
        false);
  }

  static LibraryChoice choose(String name) {
    return new LibraryChoice(name, Map.of(), 3);
  }

  static LibraryChoice choose(String name, String option, Object value) {
    return new LibraryChoice(name, Map.of(option, new OptionSetting(value, 4)), 3);
  }
}
