package dev.unicore.buildtool.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unicore.resolver.BuildPlan;
import dev.unicore.resolver.ResolvedLibrary;
import dev.unicore.resolver.SelectionReason;
import dev.unicore.resolver.manifest.Category;
import dev.unicore.resolver.manifest.LibraryKind;
import dev.unicore.resolver.manifest.LibraryManifest;
import dev.unicore.resolver.recipe.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The make command wrapper, against a stand-in unikernel tree whose Makefile only says how it was
 * started and writes the kernel.
 */
class KernelBuilderTest {
  @TempDir Path root;
  private Path output;
  private final List<String> log = new CopyOnWriteArrayList<>();

  @BeforeEach
  void writeAStandInMakefile() throws Exception {
    Files.writeString(
        root.resolve("Makefile"),
        """
        $(O)/hello.elf:
        \t@echo "make ran $(if $(WRAPPED),wrapped by $(WRAPPED),directly)"
        \t@echo kernel > $@
        """);
    output = root.resolve("out");
  }

  @Test
  void withoutAWrapperMakeRunsDirectly() throws Exception {
    BuildResult result = new KernelBuilder(root, 3).build(plan(), output, log::add);

    assertThat(log).containsExactly("make ran directly");
    assertThat(result.kernel()).isEqualTo(output.resolve("hello.elf")).hasContent("kernel");
  }

  @Test
  void everyMakeRunGoesThroughTheWrapper() throws Exception {
    List<List<String>> seen = new CopyOnWriteArrayList<>();
    KernelBuilder builder =
        new KernelBuilder(
            root,
            2,
            command -> {
              seen.add(command);
              List<String> wrapped = new ArrayList<>(List.of("env", "WRAPPED=the-sandbox"));
              wrapped.addAll(command);
              return wrapped;
            });

    BuildResult first = builder.build(plan(), output, log::add);
    BuildResult second = builder.build(plan(), output, log::add);

    assertThat(log).containsExactly("make ran wrapped by the-sandbox");
    assertThat(first.upToDate()).isFalse();
    assertThat(second.upToDate()).as("make -q, wrapped too, found it up to date").isTrue();
    assertThat(seen).as("the build, then the second build's up-to-date check").hasSize(2);
    assertThat(seen.get(0))
        .startsWith("make", "--no-print-directory", "-C", root.toString())
        .contains("O=" + output)
        .endsWith("-j2");
    assertThat(seen.get(1)).endsWith("-q");
  }

  @Test
  void theWrappersCommandIsWhatRunsAndItsStatusIsMakes() {
    KernelBuilder builder =
        new KernelBuilder(root, 1, command -> List.of("sh", "-c", "echo refused; exit 3"));

    assertThatThrownBy(() -> builder.build(plan(), output, log::add))
        .isInstanceOf(BuildFailedException.class)
        .hasMessageContaining("make failed with exit status 3");
    assertThat(log).containsExactly("refused");
  }

  private static BuildPlan plan() {
    LibraryManifest platform =
        new LibraryManifest(
            "qemu",
            "0.1.0",
            Category.MISC,
            LibraryKind.PLATFORM,
            "Test.",
            Set.of(),
            Set.of(),
            List.of(),
            List.of(),
            Set.of("qemu"),
            Set.of("x86_64"),
            Optional.empty(),
            Map.of(),
            Path.of("/src/plat/qemu"));
    return new BuildPlan(
        new Target("qemu", "x86_64"),
        "hello",
        Path.of("/src/apps/hello"),
        "",
        List.of(new ResolvedLibrary(platform, Map.of(), SelectionReason.platform())),
        false);
  }
}
