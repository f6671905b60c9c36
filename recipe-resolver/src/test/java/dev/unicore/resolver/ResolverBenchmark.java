package dev.unicore.resolver;

import dev.unicore.resolver.manifest.Catalog;
import dev.unicore.resolver.manifest.CatalogLoader;
import dev.unicore.resolver.recipe.Recipe;
import dev.unicore.resolver.recipe.RecipeParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Resolver latency over a generated catalog (run by {@code bench/resolver-latency.sh}; not a test).
 * The catalog has one platform and {@value #API_COUNT} APIs with three providers each, one of them
 * the default; each API's providers require APIs of the next layer, so a recipe needing the top API
 * pulls in a chain of libraries through defaults, and the recipe picks non-default providers for a
 * few APIs. Two figures: resolution alone against a loaded catalog, and the whole path a command
 * takes (parse every manifest and the recipe, then resolve).
 */
public final class ResolverBenchmark {
  private static final int API_COUNT = 13;
  private static final int PROVIDERS_PER_API = 3;

  private ResolverBenchmark() {}

  public static void main(String[] arguments) throws Exception {
    Path tree = Files.createTempDirectory("resolver-benchmark");
    int manifests = writeCatalog(tree.resolve("unikernel"));
    Path recipeFile = writeRecipe(tree.resolve("app"));

    Catalog catalog = CatalogLoader.load(tree.resolve("unikernel"));
    Recipe recipe = RecipeParser.parse(recipeFile);
    Resolver resolver = new Resolver(catalog);
    TargetResolution check = resolver.resolve(recipe, recipe.targets().get(0));
    if (!check.resolved()) {
      throw new IllegalStateException("benchmark recipe does not resolve: " + check.problems());
    }

    for (int warmup = 0; warmup < 20_000; warmup++) {
      resolver.resolve(recipe, recipe.targets().get(0));
    }
    long[] resolveOnly = new long[10_000];
    for (int run = 0; run < resolveOnly.length; run++) {
      long start = System.nanoTime();
      resolver.resolve(recipe, recipe.targets().get(0));
      resolveOnly[run] = System.nanoTime() - start;
    }

    for (int warmup = 0; warmup < 200; warmup++) {
      loadAndResolve(tree, recipeFile);
    }
    long[] endToEnd = new long[500];
    for (int run = 0; run < endToEnd.length; run++) {
      long start = System.nanoTime();
      loadAndResolve(tree, recipeFile);
      endToEnd[run] = System.nanoTime() - start;
    }

    System.out.printf(
        Locale.ROOT,
        "catalog: %d manifests, %d APIs; plan: %d libraries%n",
        manifests,
        API_COUNT,
        check.plan().orElseThrow().libraries().size());
    print("resolve (catalog loaded)", resolveOnly);
    print("parse catalog + recipe, resolve", endToEnd);
    System.out.println("target: p99 < 20 ms");
  }

  private static void loadAndResolve(Path tree, Path recipeFile) throws Exception {
    Catalog catalog = CatalogLoader.load(tree.resolve("unikernel"));
    Recipe recipe = RecipeParser.parse(recipeFile);
    new Resolver(catalog).resolve(recipe);
  }

  private static void print(String label, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "%-32s runs %5d  p50 %8.3f ms  p99 %8.3f ms  max %8.3f ms%n",
        label,
        sorted.length,
        percentile(sorted, 0.50) / 1e6,
        percentile(sorted, 0.99) / 1e6,
        sorted[sorted.length - 1] / 1e6);
  }

  private static long percentile(long[] sorted, double fraction) {
    int index = (int) Math.ceil(fraction * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static int writeCatalog(Path unikernel) throws IOException {
    write(
        unikernel.resolve("plat/qemu"),
        manifest("qemu", "platform", List.of(), List.of(), List.of("api-0"), "[\"qemu\"]"));
    int count = 1;
    for (int api = 0; api < API_COUNT; api++) {
      for (int provider = 0; provider < PROVIDERS_PER_API; provider++) {
        String name = "api-" + api + "-impl-" + provider;
        List<String> requires = new ArrayList<>();
        if (api + 1 < API_COUNT) {
          requires.add("api-" + (api + 1));
        }
        if (api + 2 < API_COUNT && provider == 1) {
          requires.add("api-" + (api + 2));
        }
        write(
            unikernel.resolve("lib").resolve(name),
            manifest(
                name,
                "internal",
                List.of("api-" + api),
                provider == 0 ? List.of("api-" + api) : List.of(),
                requires,
                "[\"qemu\"]"));
        count++;
      }
    }
    return count;
  }

  private static Path writeRecipe(Path folder) throws IOException {
    Files.createDirectories(folder);
    return Files.writeString(
        folder.resolve("recipe.toml"),
        """
        targets = ["qemu/x86_64"]
        [application]
        name = "app"
        requires = ["api-0"]
        [libraries.api-3-impl-1]
        level = 3
        [libraries.api-7-impl-2]
        """);
  }

  private static String manifest(
      String name,
      String kind,
      List<String> provides,
      List<String> defaultFor,
      List<String> requires,
      String platforms) {
    return """
        name = "%s"
        version = "1.0.0"
        category = "misc"
        kind = "%s"
        summary = "Generated for the resolver benchmark."
        provides = %s
        default-for = %s
        requires = %s
        platforms = %s
        architectures = ["x86_64"]

        [options.level]
        type = "int"
        default = 1
        min = 0
        max = 9
        help = "A generated option."
        """
        .formatted(name, kind, toml(provides), toml(defaultFor), toml(requires), platforms);
  }

  private static String toml(List<String> values) {
    return values.stream().map(v -> "\"" + v + "\"").toList().toString();
  }

  private static void write(Path folder, String text) throws IOException {
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("library.toml"), text);
  }
}
