package dev.unicore.builderworker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.unicore.resolver.BuildPlan;
import dev.unicore.resolver.Resolver;
import dev.unicore.resolver.SelectionReason;
import dev.unicore.resolver.manifest.Catalog;
import dev.unicore.resolver.manifest.CatalogLoader;
import dev.unicore.resolver.recipe.RecipeParser;
import dev.unicore.resolver.recipe.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The control plane's plan, sent over the wire, becomes the resolver's plan again. */
class PlanAssemblyTest {
  private final Path unikernel = Path.of(System.getProperty("unicore.home"), "unikernel");

  @Test
  void aPlanFromTheResolverComesBackUnchanged() throws Exception {
    Catalog catalog = CatalogLoader.load(unikernel);
    BuildPlan resolved =
        new Resolver(catalog)
            .resolve(
                RecipeParser.parse(unikernel.resolve("apps/hello/recipe.toml")),
                new Target("qemu", "x86_64"))
            .plan()
            .orElseThrow();
    List<BuildJob.Library> wire =
        resolved.libraries().stream()
            .map(
                library ->
                    new BuildJob.Library(
                        library.name(),
                        library.manifest().version(),
                        library.reason().toString(),
                        library.options()))
            .toList();
    BuildPlan assembled = PlanAssembly.assemble(catalog, job(wire));
    assertThat(assembled.libraries()).isEqualTo(resolved.libraries());
  }

  @Test
  void aPlanThatDoesNotMatchTheCatalogIsRefusedWithEveryDifference() throws Exception {
    Catalog catalog = CatalogLoader.load(unikernel);
    List<BuildJob.Library> wire =
        List.of(
            new BuildJob.Library("qemu", "0.0.9", "platform of the target", Map.of()),
            new BuildJob.Library("no-such-library", "1.0.0", "chosen in the recipe", Map.of()));
    PlanAssembly.PlanMismatchException mismatch =
        catchThrowableOfType(
            PlanAssembly.PlanMismatchException.class,
            () -> PlanAssembly.assemble(catalog, job(wire)));
    assertThat(mismatch.getMessage())
        .contains("the plan needs `qemu` 0.0.9 but this worker has")
        .contains("library `no-such-library` is not in this worker's catalog");
  }

  @Test
  void reasonsReadBackAsTheResolverWroteThem() {
    SelectionReason reason =
        new SelectionReason(
            SelectionReason.Kind.DEFAULT_PROVIDER, "application `hello`", "console");
    assertThat(PlanAssembly.reason(reason.toString())).isEqualTo(reason);
  }

  private BuildJob job(List<BuildJob.Library> libraries) {
    return new BuildJob(
        unikernel,
        Path.of("/tmp/out"),
        "hello",
        unikernel.resolve("apps/hello"),
        "world",
        "qemu/x86_64",
        1,
        libraries,
        false,
        Duration.ofSeconds(1));
  }
}
