package dev.unicore.buildtool.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unicore.resolver.BuildPlan;
import dev.unicore.resolver.ResolvedLibrary;
import dev.unicore.resolver.SelectionReason;
import dev.unicore.resolver.manifest.Category;
import dev.unicore.resolver.manifest.LibraryKind;
import dev.unicore.resolver.manifest.LibraryManifest;
import dev.unicore.resolver.manifest.OptionSpec;
import dev.unicore.resolver.manifest.OptionType;
import dev.unicore.resolver.recipe.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildConfigurationTest {
  @TempDir Path output;

  @Test
  void makeFragmentListsLibrariesAndTheirFoldersInInitializationOrder() {
    BuildConfiguration configuration = new BuildConfiguration(plan("say \"hi\""), output);

    assertThat(configuration.renderMakeFragment())
        .contains("UC_APP_NAME := hello\n")
        .contains("UC_APP_DIR := /src/apps/hello\n")
        .contains("UC_PLAT := qemu\n")
        .contains("UC_ARCH := x86_64\n")
        .contains("UC_LIBS := libc-minimal console qemu\n")
        .contains("UC_LIB_DIRS := /src/lib/libc-minimal /src/lib/console /src/plat/qemu\n")
        .contains("UC_WITH_TESTS := 1\n")
        .contains("UC_OPTION_CONSOLE_COLOR := 1\n")
        .contains("UC_OPTION_CONSOLE_BUFFER_SIZE := 512\n")
        .contains("UC_OPTION_CONSOLE_LEVEL := info\n");
  }

  @Test
  void headerDefinesTargetLibrariesOptionsAndInitCalls() {
    String header = new BuildConfiguration(plan("say \"hi\""), output).renderHeader();

    assertThat(header)
        .contains("#define UC_CONFIG_APP_NAME \"hello\"\n")
        .contains("#define UC_CONFIG_PLAT_QEMU 1\n")
        .contains("#define UC_CONFIG_ARCH_X86_64 1\n")
        .contains("#define UC_CONFIG_WITH_TESTS 1\n")
        .contains("#define UC_CONFIG_CMDLINE \"say \\\"hi\\\"\"\n")
        .contains("#define UC_CONFIG_LIB_LIBC_MINIMAL 1\n")
        .contains("#define UC_CONFIG_CONSOLE_COLOR 1\n")
        .contains("#define UC_CONFIG_CONSOLE_BUFFER_SIZE 512\n")
        .contains("#define UC_CONFIG_CONSOLE_BIG 8589934592LL\n")
        .contains("#define UC_CONFIG_CONSOLE_PREFIX \"uc\"\n")
        .contains("#define UC_CONFIG_CONSOLE_LEVEL \"info\"\n")
        .contains("#define UC_CONFIG_CONSOLE_LEVEL_INFO 1\n")
        .contains(
            "#define UC_CONFIG_INIT_CALLS(CALL) \\\n"
                + "\tCALL(\"console\", uc_console_init) \\\n"
                + "\tCALL(\"qemu\", uc_qemu_init)\n");
  }

  @Test
  void cStringsEscapeEverythingOutsidePrintableAscii() {
    assertThat(BuildConfiguration.cString("a\\b\"c")).isEqualTo("\"a\\\\b\\\"c\"");
    assertThat(BuildConfiguration.cString("tab\there")).isEqualTo("\"tab\\011here\"");
    assertThat(BuildConfiguration.cString("é")).isEqualTo("\"\\303\\251\"");
    assertThat(BuildConfiguration.cString("??=")).isEqualTo("\"\\077\\077=\"");
  }

  @Test
  void unchangedConfigurationIsNotRewritten() throws Exception {
    BuildConfiguration configuration = new BuildConfiguration(plan("x"), output);
    assertThat(configuration.write()).isTrue();
    FileTime old = FileTime.fromMillis(1_000_000L);
    Files.setLastModifiedTime(configuration.header(), old);
    Files.setLastModifiedTime(configuration.makeFragment(), old);

    assertThat(new BuildConfiguration(plan("x"), output).write()).isFalse();
    assertThat(Files.getLastModifiedTime(configuration.header())).isEqualTo(old);
    assertThat(Files.getLastModifiedTime(configuration.makeFragment())).isEqualTo(old);

    assertThat(new BuildConfiguration(plan("y"), output).write()).isTrue();
    assertThat(Files.getLastModifiedTime(configuration.header())).isNotEqualTo(old);
    assertThat(Files.getLastModifiedTime(configuration.makeFragment())).isEqualTo(old);
  }

  @Test
  void pathsMakeCannotHandleAreRefusedBeforeAnythingIsWritten() {
    BuildPlan spaced =
        new BuildPlan(
            new Target("qemu", "x86_64"), "hello", Path.of("/my apps/hello"), "", List.of(), false);
    BuildConfiguration configuration = new BuildConfiguration(spaced, output);

    assertThatThrownBy(configuration::write)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/my apps/hello");
    assertThat(output.resolve("config")).doesNotExist();
  }

  private static BuildPlan plan(String commandLine) {
    Map<String, Object> consoleOptions = new LinkedHashMap<>();
    consoleOptions.put("color", true);
    consoleOptions.put("buffer-size", 512L);
    consoleOptions.put("big", 8_589_934_592L);
    consoleOptions.put("prefix", "uc");
    consoleOptions.put("level", "info");
    return new BuildPlan(
        new Target("qemu", "x86_64"),
        "hello",
        Path.of("/src/apps/hello"),
        commandLine,
        List.of(
            new ResolvedLibrary(
                manifest("libc-minimal", LibraryKind.INTERNAL, Optional.empty(), Map.of()),
                Map.of(),
                SelectionReason.chosen()),
            new ResolvedLibrary(
                manifest(
                    "console",
                    LibraryKind.INTERNAL,
                    Optional.of("uc_console_init"),
                    consoleOptionSpecs()),
                consoleOptions,
                SelectionReason.chosen()),
            new ResolvedLibrary(
                manifest("qemu", LibraryKind.PLATFORM, Optional.of("uc_qemu_init"), Map.of()),
                Map.of(),
                SelectionReason.platform())),
        true);
  }

  private static Map<String, OptionSpec> consoleOptionSpecs() {
    Map<String, OptionSpec> specs = new LinkedHashMap<>();
    specs.put("color", new OptionSpec("color", OptionType.BOOL, false, null, null, List.of(), "h"));
    specs.put(
        "buffer-size",
        new OptionSpec("buffer-size", OptionType.INT, 256L, null, null, List.of(), "h"));
    specs.put("big", new OptionSpec("big", OptionType.INT, 0L, null, null, List.of(), "h"));
    specs.put(
        "prefix", new OptionSpec("prefix", OptionType.STRING, "", null, null, List.of(), "h"));
    specs.put(
        "level",
        new OptionSpec(
            "level", OptionType.CHOICE, "info", null, null, List.of("info", "debug"), "h"));
    return specs;
  }

  private static LibraryManifest manifest(
      String name, LibraryKind kind, Optional<String> init, Map<String, OptionSpec> options) {
    return new LibraryManifest(
        name,
        "0.1.0",
        Category.MISC,
        kind,
        "Test.",
        Set.of(),
        Set.of(),
        List.of(),
        List.of(),
        Set.of("qemu"),
        Set.of("x86_64"),
        init,
        options,
        Path.of("/src", kind == LibraryKind.PLATFORM ? "plat" : "lib", name));
  }
}
