package dev.unicore.resolver.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.unicore.resolver.toml.DefinitionError;
import dev.unicore.resolver.toml.DefinitionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeParserTest {
  @TempDir Path folder;

  @Test
  void readsApplicationLibrariesOptionsTargetsAndCommandLine() throws Exception {
    Path file =
        write(
            """
            targets = ["qemu/x86_64", "linuxu/x86_64"]
            command-line = "--port 80"

            [application]
            name = "web"
            requires = ["console", "network"]
            with-tests = true

            [libraries.console]
            level = "debug"
            buffer-size = 512

            [libraries.alloc-tlsf]
            """);

    Recipe recipe = RecipeParser.parse(file);

    assertThat(recipe.applicationName()).isEqualTo("web");
    assertThat(recipe.applicationDirectory()).isEqualTo(folder);
    assertThat(recipe.applicationRequires()).containsExactly("console", "network");
    assertThat(recipe.targets())
        .containsExactly(new Target("qemu", "x86_64"), new Target("linuxu", "x86_64"));
    assertThat(recipe.commandLine()).isEqualTo("--port 80");
    assertThat(recipe.libraries())
        .extracting(LibraryChoice::name)
        .containsExactly("console", "alloc-tlsf");
    LibraryChoice console = recipe.libraries().get(0);
    assertThat(recipe.withTests()).isTrue();
    assertThat(console.line()).isEqualTo(9);
    assertThat(console.options().get("level")).isEqualTo(new OptionSetting("debug", 10));
    assertThat(console.options().get("buffer-size").value()).isEqualTo(512L);
  }

  @Test
  void malformedRecipeGetsEveryErrorWithItsLine() throws Exception {
    Path file =
        write(
            """
            targets = ["qemu-x86_64", "qemu/x86_64", "qemu/x86_64"]
            command-line = 7

            [application]
            name = "Web App"
            """);

    assertThat(errors(file))
        .extracting(DefinitionError::line, DefinitionError::message)
        .containsExactly(
            tuple(1, "target \"qemu-x86_64\" is not of the form platform/architecture"),
            tuple(1, "target \"qemu/x86_64\" is listed twice"),
            tuple(2, "`command-line` must be a string, not the integer 7"),
            tuple(
                5,
                "`application.name` must be lowercase letters, digits and single hyphens,"
                    + " starting with a letter; got \"Web App\""));
  }

  @Test
  void missingApplicationAndTargetsAreNamed() throws Exception {
    Path file = write("command-line = \"x\"\n");

    assertThat(errors(file))
        .extracting(DefinitionError::message)
        .containsExactlyInAnyOrder(
            "missing required key `targets`", "missing required key `application`");
  }

  @Test
  void testsAreLeftOutUnlessAsked() throws Exception {
    Path file = write("targets = [\"qemu/x86_64\"]\n[application]\nname = \"a\"\n");

    assertThat(RecipeParser.parse(file).withTests()).isFalse();
  }

  @Test
  void invalidTomlNamesTheLine() throws Exception {
    Path file = write("targets = [\"qemu/x86_64\"]\n[application\nname = \"x\"\n");

    assertThat(errors(file)).extracting(DefinitionError::line).containsExactly(2);
  }

  private List<DefinitionError> errors(Path file) {
    try {
      RecipeParser.parse(file);
    } catch (DefinitionException e) {
      return e.errors();
    }
    throw new AssertionError("expected " + file + " to be rejected");
  }

  private Path write(String text) throws IOException {
    return Files.writeString(folder.resolve("recipe.toml"), text);
  }
}
