package dev.unicore.buildtool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each kind of bad input gets from the command line: one clear message naming file and line or
 * the problem, a fix, exit status 1, and nothing written. Runs against a small catalog made in a
 * temporary repository, so it needs no compiler.
 */
class CommandLineErrorsTest {
  @TempDir Path home;
  private String previousHome;

  @BeforeEach
  void useTemporaryRepository() throws IOException {
    previousHome = System.getProperty(Workspace.HOME_PROPERTY);
    System.setProperty(Workspace.HOME_PROPERTY, home.toString());
    library("plat", "qemu", "platform", "");
    library(
        "lib", "console", "internal", "provides = [\"console\"]\ndefault-for = [\"console\"]\n");
  }

  @AfterEach
  void restoreRepository() {
    if (previousHome == null) {
      System.clearProperty(Workspace.HOME_PROPERTY);
    } else {
      System.setProperty(Workspace.HOME_PROPERTY, previousHome);
    }
  }

  @Test
  void malformedRecipeNamesFileAndLineAndWritesNothing() throws IOException {
    Path recipe = recipe("targets = [\"qemu/x86_64\"]\n[application]\nname = 42\n");
    Path output = home.resolve("out");

    CommandRun run = CommandRun.of("build", recipe.toString(), "-o", output.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.err())
        .contains(recipe + ":3:1: `application.name` must be a string, not the integer 42")
        .contains("fix: correct what is listed above; nothing was built or written");
    assertThat(output).doesNotExist();
  }

  @Test
  void unresolvableRecipeExplainsEachProblemAndWritesNothing() throws IOException {
    Path recipe =
        recipe("targets = [\"qemu/x86_64\"]\n[application]\nname = \"app\"\n[libraries.consle]\n");
    Path output = home.resolve("out");

    CommandRun run = CommandRun.of("build", recipe.toString(), "-o", output.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.err())
        .contains("qemu/x86_64: does not resolve")
        .contains("error: unknown library `consle` (recipe.toml line 4)")
        .contains("fix: did you mean `console`?")
        .contains("nothing was built");
    assertThat(output).doesNotExist();
  }

  @Test
  void malformedManifestNamesFileAndLine() throws IOException {
    Path manifest = library("lib", "broken", "internal", "provides = \"console\"\n");

    CommandRun run = CommandRun.of("libs");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains(manifest + ":8:1: `provides` must be an array of strings, not the string");
  }

  @Test
  void checkExplainsThePlanAndItsDefaults() throws IOException {
    Path recipe =
        recipe(
            "targets = [\"qemu/x86_64\", \"xen/x86_64\"]\n"
                + "[application]\nname = \"app\"\nrequires = [\"console\"]\n");

    CommandRun run = CommandRun.of("check", recipe.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains("qemu/x86_64: resolves")
        .contains("note: API `console` required by application `app`: using its default provider")
        .contains("xen/x86_64: does not resolve")
        .contains("error: unknown platform `xen` in target xen/x86_64");
  }

  @Test
  void checkOfOneGoodTargetSucceeds() throws IOException {
    Path recipe =
        recipe("targets = [\"qemu/x86_64\", \"xen/x86_64\"]\n[application]\nname = \"app\"\n");

    CommandRun run = CommandRun.of("check", recipe.toString(), "--target", "qemu/x86_64");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("qemu/x86_64: resolves").doesNotContain("xen");
  }

  @Test
  void unknownRecipeAndBadTargetGetAMessageAndAFix() throws IOException {
    CommandRun missing = CommandRun.of("check", "no-such-app");
    Path recipe = recipe("targets = [\"qemu/x86_64\"]\n[application]\nname = \"app\"\n");
    CommandRun badTarget = CommandRun.of("check", recipe.toString(), "--target", "qemu");

    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err())
        .contains("unicore: no recipe at \"no-such-app\"")
        .contains("fix: give a recipe.toml");
    assertThat(badTarget.exitCode()).isEqualTo(1);
    assertThat(badTarget.err()).contains("\"qemu\" is not a target");
  }

  @Test
  void libsListsAndDescribesTheCatalog() {
    CommandRun list = CommandRun.of("libs");
    CommandRun describe = CommandRun.of("libs", "console");
    CommandRun unknown = CommandRun.of("libs", "nope");

    assertThat(list.exitCode()).isZero();
    assertThat(list.outLines())
        .anyMatch(line -> line.startsWith("console ") && line.contains("internal"));
    assertThat(list.outLines())
        .anyMatch(line -> line.startsWith("qemu ") && line.contains("platform"));
    assertThat(describe.out()).contains("default for:   console");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("no library named `nope`");
  }

  @Test
  void unknownCommandIsAUsageError() {
    CommandRun run = CommandRun.of("frobnicate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unmatched argument");
  }

  private Path recipe(String text) throws IOException {
    Path folder = Files.createDirectories(home.resolve("app"));
    return Files.writeString(folder.resolve("recipe.toml"), text);
  }

  private Path library(String folder, String name, String kind, String extra) throws IOException {
    Path directory =
        Files.createDirectories(home.resolve("unikernel").resolve(folder).resolve(name));
    String text =
        """
        name = "%s"
        version = "0.1.0"
        category = "misc"
        kind = "%s"
        summary = "Test."
        platforms = ["qemu"]
        architectures = ["x86_64"]
        """
                .formatted(name, kind)
            + extra;
    return Files.writeString(directory.resolve("library.toml"), text);
  }
}
