package dev.unicore.resolver;

import static dev.unicore.resolver.TestCatalogs.LINUXU_X86;
import static dev.unicore.resolver.TestCatalogs.QEMU_ARM;
import static dev.unicore.resolver.TestCatalogs.QEMU_X86;
import static dev.unicore.resolver.TestCatalogs.catalog;
import static dev.unicore.resolver.TestCatalogs.choose;
import static dev.unicore.resolver.TestCatalogs.library;
import static dev.unicore.resolver.TestCatalogs.recipe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.unicore.resolver.manifest.Catalog;
import dev.unicore.resolver.manifest.OptionSpec;
import dev.unicore.resolver.manifest.OptionType;
import dev.unicore.resolver.recipe.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResolverTest {
  /** A small catalog shaped like the real one: two platforms, libc, two schedulers, pthreads. */
  private final Catalog catalog =
      catalog(
          library("qemu").platform("x86_64", "arm64").requires("process"),
          library("linuxu").platform("x86_64").requires("process"),
          library("process").defaultFor("process").requires("libc"),
          library("libc-minimal").defaultFor("libc"),
          library("console")
              .defaultFor("console")
              .requires("libc")
              .option(
                  new OptionSpec(
                      "level",
                      OptionType.CHOICE,
                      "info",
                      null,
                      null,
                      List.of("error", "info", "debug"),
                      "Cheaper levels are compiled out."))
              .option(
                  new OptionSpec(
                      "buffer-size", OptionType.INT, 256L, 16L, 4096L, List.of(), "Line buffer."))
              .option(
                  new OptionSpec("color", OptionType.BOOL, false, null, null, List.of(), "ANSI.")),
          library("sched-coop").provides("thread"),
          library("sched-preempt").provides("thread").architectures("x86_64"),
          library("pthreads").provides("pthread").requires("thread"),
          library("alloc-buddy").defaultFor("alloc"),
          library("alloc-tlsf").provides("alloc"),
          library("netstack").provides("net").requires("alloc").conflicts("raw-packets"),
          library("raw-packets").provides("packets"),
          library("x86-only").provides("fast").architectures("x86_64"));

  private final Resolver resolver = new Resolver(catalog);

  @Test
  void resolvesDefaultProvidersAndOrdersDependenciesFirst() {
    TargetResolution result =
        resolver.resolve(recipe(List.of("console"), List.of(), QEMU_X86), QEMU_X86);

    assertThat(result.problems()).isEmpty();
    assertThat(names(result)).containsExactly("libc-minimal", "console", "process", "qemu");
    assertThat(result.notes())
        .contains(
            "API `console` required by application `app`: using its default provider `console`");
    ResolvedLibrary console = selected(result, "console");
    assertThat(console.reason().kind()).isEqualTo(SelectionReason.Kind.DEFAULT_PROVIDER);
    assertThat(console.options()).containsEntry("level", "info").containsEntry("buffer-size", 256L);
    assertThat(selected(result, "qemu").reason().kind()).isEqualTo(SelectionReason.Kind.PLATFORM);
  }

  @Test
  void recipeOptionValuesOverrideDefaults() {
    TargetResolution result =
        resolver.resolve(
            recipe(List.of(), List.of(choose("console", "level", "debug")), QEMU_X86), QEMU_X86);

    assertThat(selected(result, "console").options())
        .containsEntry("level", "debug")
        .containsEntry("color", false);
    assertThat(selected(result, "console").reason().kind()).isEqualTo(SelectionReason.Kind.CHOSEN);
  }

  @Test
  void apiWithSeveralProvidersAndNoDefaultIsUnmetAndNamesTheChoices() {
    TargetResolution result =
        resolver.resolve(recipe(List.of(), List.of(choose("pthreads")), QEMU_X86), QEMU_X86);

    assertThat(result.resolved()).isFalse();
    assertThat(result.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.kind()).isEqualTo(ProblemKind.UNMET_DEPENDENCY);
              assertThat(problem.message())
                  .isEqualTo(
                      "API `thread` required by `pthreads` has no provider; choose one of:"
                          + " sched-coop, sched-preempt");
              assertThat(problem.fix()).contains("[libraries.sched-coop]");
            });
  }

  @Test
  void theOnlyProviderForTheTargetIsPickedWithANote() {
    Catalog withoutCoop =
        catalog(
            library("qemu").platform("x86_64"),
            library("sched-preempt").provides("thread"),
            library("pthreads").requires("thread"));

    TargetResolution result =
        new Resolver(withoutCoop)
            .resolve(recipe(List.of("pthreads"), List.of(), QEMU_X86), QEMU_X86);

    assertThat(names(result)).containsExactly("qemu", "sched-preempt", "pthreads");
    assertThat(result.notes()).anyMatch(note -> note.contains("its only provider for qemu/x86_64"));
  }

  @Test
  void choosingAProviderMeetsTheApi() {
    TargetResolution result =
        resolver.resolve(
            recipe(List.of(), List.of(choose("pthreads"), choose("sched-coop")), QEMU_X86),
            QEMU_X86);

    assertThat(result.problems()).isEmpty();
    assertThat(names(result)).containsSubsequence("sched-coop", "pthreads");
  }

  @Test
  void requirementByNameWinsOverTheDefaultProvider() {
    Catalog named =
        catalog(
            library("qemu").platform("x86_64"),
            library("alloc-buddy").defaultFor("alloc"),
            library("alloc-tlsf").provides("alloc"),
            library("uses-alloc").requires("alloc"),
            library("wants-tlsf").requires("alloc-tlsf"));

    TargetResolution result =
        new Resolver(named)
            .resolve(recipe(List.of("uses-alloc", "wants-tlsf"), List.of(), QEMU_X86), QEMU_X86);

    assertThat(result.problems()).isEmpty();
    assertThat(names(result)).contains("alloc-tlsf").doesNotContain("alloc-buddy");
  }

  @Test
  void conflictingLibrariesAreRejected() {
    TargetResolution result =
        resolver.resolve(
            recipe(List.of(), List.of(choose("netstack"), choose("raw-packets")), QEMU_X86),
            QEMU_X86);

    assertThat(result.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.kind()).isEqualTo(ProblemKind.CONFLICT);
              assertThat(problem.message()).isEqualTo("`netstack` conflicts with `raw-packets`");
              assertThat(problem.fix()).contains("remove `netstack` or `raw-packets`");
            });
  }

  @Test
  void conflictWithAnApiNamesTheProvider() {
    Catalog apiConflict =
        catalog(
            library("qemu").platform("x86_64"),
            library("a").conflicts("packets"),
            library("b").provides("packets"));

    TargetResolution result =
        new Resolver(apiConflict).resolve(recipe(List.of("a", "b"), List.of(), QEMU_X86), QEMU_X86);

    assertThat(result.problems())
        .extracting(Problem::message)
        .containsExactly("`a` conflicts with `b` (which provides `packets`)");
  }

  @Test
  void twoProvidersOfOneApiAreRejected() {
    TargetResolution result =
        resolver.resolve(
            recipe(List.of(), List.of(choose("alloc-buddy"), choose("alloc-tlsf")), QEMU_X86),
            QEMU_X86);

    assertThat(result.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.kind()).isEqualTo(ProblemKind.MULTIPLE_PROVIDERS);
              assertThat(problem.message())
                  .isEqualTo(
                      "API `alloc` has several providers in this build: alloc-buddy, alloc-tlsf");
            });
  }

  @Test
  void unknownLibraryIsRejectedWithASuggestionAndItsLine() {
    TargetResolution result =
        resolver.resolve(recipe(List.of(), List.of(choose("consle")), QEMU_X86), QEMU_X86);

    assertThat(result.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.kind()).isEqualTo(ProblemKind.UNKNOWN_LIBRARY);
              assertThat(problem.message())
                  .isEqualTo("unknown library `consle` (recipe.toml line 3)");
              assertThat(problem.fix()).startsWith("did you mean `console`?");
            });
  }

  @Test
  void unknownRequirementOfTheApplicationIsUnmet() {
    TargetResolution result =
        resolver.resolve(recipe(List.of("telepathy"), List.of(), QEMU_X86), QEMU_X86);

    assertThat(result.problems())
        .extracting(Problem::kind, Problem::message)
        .containsExactly(
            tuple(
                ProblemKind.UNMET_DEPENDENCY,
                "`telepathy` required by application `app` is neither a library nor an API of the"
                    + " catalog"));
  }

  @Test
  void unknownOptionIsRejectedListingTheRealOnes() {
    TargetResolution result =
        resolver.resolve(
            recipe(List.of(), List.of(choose("console", "colour", true)), QEMU_X86), QEMU_X86);

    assertThat(result.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.kind()).isEqualTo(ProblemKind.UNKNOWN_OPTION);
              assertThat(problem.message())
                  .isEqualTo("library `console` has no option `colour` (recipe.toml line 4)");
              assertThat(problem.fix())
                  .isEqualTo("remove it, or use one of: buffer-size, color, level");
            });
  }

  @Test
  void illTypedOptionValueIsRejected() {
    TargetResolution result =
        resolver.resolve(
            recipe(List.of(), List.of(choose("console", "color", "yes")), QEMU_X86), QEMU_X86);

    assertThat(result.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.kind()).isEqualTo(ProblemKind.INVALID_OPTION_VALUE);
              assertThat(problem.message())
                  .isEqualTo(
                      "option `color` of `console`: expected true or false (recipe.toml line 4)");
              assertThat(problem.fix())
                  .isEqualTo("set it to bool, or remove it to use the default (false)");
            });
  }

  @Test
  void outOfRangeIntegerIsRejected() {
    TargetResolution result =
        resolver.resolve(
            recipe(List.of(), List.of(choose("console", "buffer-size", 8L)), QEMU_X86), QEMU_X86);

    assertThat(result.problems())
        .extracting(Problem::message)
        .containsExactly(
            "option `buffer-size` of `console`: 8 is out of range; expected an integer in 16..4096"
                + " (recipe.toml line 4)");
  }

  @Test
  void valueOutsideTheChoicesIsRejected() {
    TargetResolution result =
        resolver.resolve(
            recipe(List.of(), List.of(choose("console", "level", "warn")), QEMU_X86), QEMU_X86);

    assertThat(result.problems())
        .extracting(Problem::message)
        .containsExactly(
            "option `level` of `console`: \"warn\" is not a choice; expected one of: error, info,"
                + " debug (recipe.toml line 4)");
  }

  @Test
  void dependencyCycleIsRejectedNamingTheCycle() {
    Catalog cyclic =
        catalog(
            library("qemu").platform("x86_64"),
            library("a").requires("b"),
            library("b").requires("c"),
            library("c").requires("a"));

    TargetResolution result =
        new Resolver(cyclic).resolve(recipe(List.of("a"), List.of(), QEMU_X86), QEMU_X86);

    assertThat(result.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.kind()).isEqualTo(ProblemKind.DEPENDENCY_CYCLE);
              assertThat(problem.message())
                  .isEqualTo("libraries require each other in a cycle: a → b → c → a");
            });
  }

  @Test
  void aRecipeCanResolveOnOneTargetAndNotAnother() {
    Resolution resolution =
        resolver.resolve(
            recipe(List.of(), List.of(choose("x86-only")), QEMU_X86, QEMU_ARM, LINUXU_X86));

    assertThat(resolution.targets())
        .extracting(TargetResolution::resolved)
        .containsExactly(true, false, true);
    assertThat(resolution.resolved()).isFalse();
    assertThat(resolution.targets().get(1).problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.kind()).isEqualTo(ProblemKind.UNSUPPORTED_TARGET);
              assertThat(problem.message())
                  .isEqualTo(
                      "library `x86-only` (chosen in the recipe) does not support qemu/arm64"
                          + " (platforms: linuxu, qemu; architectures: x86_64)");
              assertThat(problem.fix())
                  .isEqualTo("remove it from the recipe, or drop target qemu/arm64");
            });
  }

  @Test
  void defaultProviderThatCannotRunOnTheTargetIsSkippedForAnother() {
    Catalog catalogWithArmGap =
        catalog(
            library("qemu").platform("x86_64", "arm64"),
            library("fast-alloc").defaultFor("alloc").architectures("x86_64"),
            library("slow-alloc").provides("alloc"));

    TargetResolution arm =
        new Resolver(catalogWithArmGap)
            .resolve(recipe(List.of("alloc"), List.of(), QEMU_ARM), QEMU_ARM);

    assertThat(names(arm)).contains("slow-alloc").doesNotContain("fast-alloc");
  }

  @Test
  void apiWithNoProviderForTheTargetIsUnmet() {
    TargetResolution result =
        resolver.resolve(recipe(List.of("fast"), List.of(), QEMU_ARM), QEMU_ARM);

    assertThat(result.problems())
        .extracting(Problem::message)
        .containsExactly(
            "API `fast` required by application `app` has no provider for qemu/arm64 (its"
                + " providers: x86-only)");
  }

  @Test
  void unknownPlatformAndUnsupportedArchitectureAreRejected() {
    TargetResolution unknown =
        resolver.resolve(recipe(List.of(), List.of(), QEMU_X86), new Target("kvm", "x86_64"));
    TargetResolution badArch =
        resolver.resolve(recipe(List.of(), List.of(), QEMU_X86), new Target("linuxu", "arm64"));

    assertThat(unknown.problems())
        .extracting(Problem::kind, Problem::message, Problem::fix)
        .containsExactly(
            tuple(
                ProblemKind.UNKNOWN_TARGET,
                "unknown platform `kvm` in target kvm/x86_64",
                "use one of the known platforms: linuxu, qemu"));
    assertThat(badArch.problems())
        .extracting(Problem::kind, Problem::message)
        .containsExactly(
            tuple(
                ProblemKind.UNSUPPORTED_TARGET,
                "platform `linuxu` does not support architecture `arm64`"));
  }

  @Test
  void platformLibrariesCannotBeChosenByName() {
    TargetResolution result =
        resolver.resolve(recipe(List.of(), List.of(choose("linuxu")), QEMU_X86), QEMU_X86);

    assertThat(result.problems())
        .extracting(Problem::kind)
        .containsExactly(ProblemKind.UNKNOWN_LIBRARY);
  }

  @Test
  void everyProblemOfATargetIsReportedAtOnce() {
    TargetResolution result =
        resolver.resolve(
            recipe(
                List.of(),
                List.of(choose("nope"), choose("console", "level", 3L), choose("pthreads")),
                QEMU_X86),
            QEMU_X86);

    assertThat(result.problems())
        .extracting(Problem::kind)
        .containsExactly(
            ProblemKind.UNKNOWN_LIBRARY,
            ProblemKind.INVALID_OPTION_VALUE,
            ProblemKind.UNMET_DEPENDENCY);
  }

  @Test
  void resolutionIsDeterministic() {
    var recipe = recipe(List.of("console", "pthreads"), List.of(choose("sched-coop")), QEMU_X86);

    assertThat(names(resolver.resolve(recipe, QEMU_X86)))
        .isEqualTo(names(resolver.resolve(recipe, QEMU_X86)))
        .containsExactly("libc-minimal", "console", "process", "qemu", "sched-coop", "pthreads");
  }

  private static List<String> names(TargetResolution result) {
    return result.plan().orElseThrow().libraries().stream().map(ResolvedLibrary::name).toList();
  }

  private static ResolvedLibrary selected(TargetResolution result, String name) {
    return result.plan().orElseThrow().libraries().stream()
        .filter(library -> library.name().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
