package dev.unicore.resolver.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.unicore.resolver.toml.DefinitionError;
import dev.unicore.resolver.toml.DefinitionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestParserTest {
  @TempDir Path tree;

  @Test
  void readsEveryFieldOfAValidManifest() throws Exception {
    Path file =
        write(
            "console",
            """
            name = "console"
            version = "0.1.0"
            category = "console"
            kind = "internal"
            summary = "Console output."
            provides = ["console"]
            default-for = ["console"]
            requires = ["libc"]
            conflicts = ["raw-console"]
            platforms = ["qemu", "linuxu"]
            architectures = ["x86_64"]
            init = "uc_console_init"

            [options.level]
            type = "choice"
            choices = ["error", "info"]
            default = "info"
            help = "Cheaper levels are compiled out."

            [options.buffer-size]
            type = "int"
            default = 256
            min = 16
            max = 4096
            help = "Bytes per line."
            """);

    LibraryManifest manifest = ManifestParser.parse(file);

    assertThat(manifest.name()).isEqualTo("console");
    assertThat(manifest.category()).isEqualTo(Category.CONSOLE);
    assertThat(manifest.kind()).isEqualTo(LibraryKind.INTERNAL);
    assertThat(manifest.provides()).containsExactly("console");
    assertThat(manifest.defaultFor()).containsExactly("console");
    assertThat(manifest.requires()).containsExactly("libc");
    assertThat(manifest.conflicts()).containsExactly("raw-console");
    assertThat(manifest.supports("linuxu", "x86_64")).isTrue();
    assertThat(manifest.supports("qemu", "arm64")).isFalse();
    assertThat(manifest.init()).isEqualTo(Optional.of("uc_console_init"));
    assertThat(manifest.options()).containsOnlyKeys("level", "buffer-size");
    assertThat(manifest.options().get("buffer-size").min()).isEqualTo(16L);
    assertThat(manifest.options().get("level").choices()).containsExactly("error", "info");
    assertThat(manifest.directory()).isEqualTo(file.getParent());
  }

  @Test
  void syntaxErrorNamesFileLineAndColumn() throws Exception {
    Path file = write("console", "name = \"console\"\nversion = 0.1.0\n");

    assertThat(errors(file))
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.file()).isEqualTo(file);
              assertThat(error.line()).isEqualTo(2);
              assertThat(error.message()).startsWith("invalid TOML:");
            });
  }

  @Test
  void everySemanticErrorIsReportedWithItsLine() throws Exception {
    Path file =
        write(
            "console",
            """
            name = "consol"
            version = "one"
            category = "video"
            kind = "internal"
            summary = "Console output."
            provides = ["console"]
            default-for = ["tty"]
            platforms = ["qemu"]
            architectures = ["x86_64"]
            colour = true
            """);

    assertThat(errors(file))
        .extracting(DefinitionError::line, DefinitionError::message)
        .containsExactly(
            tuple(
                1,
                "library name \"consol\" differs from its folder name \"console\"; rename one so"
                    + " they match"),
            tuple(2, "version \"one\" is not a semantic version like 1.2.3"),
            tuple(
                3,
                "unknown category \"video\"; expected one of: console, time, memory, process,"
                    + " threads, storage, network, misc"),
            tuple(
                7,
                "library is declared the default provider of API `tty` but does not provide it;"
                    + " add it to `provides` or remove it here"),
            tuple(
                10,
                "unknown key `colour`; expected one of: architectures, category, conflicts,"
                    + " default-for, init, kind, name, options, platforms, provides, requires,"
                    + " summary, version"));
  }

  @Test
  void missingRequiredFieldsAreNamed() throws Exception {
    Path file = write("console", "name = \"console\"\n");

    assertThat(errors(file))
        .extracting(DefinitionError::message)
        .contains(
            "missing required key `version`",
            "missing required key `platforms`",
            "missing required key `summary`");
  }

  @Test
  void optionDefaultsMustFitTheirOwnType() throws Exception {
    Path file =
        write(
            "console",
            base("console")
                + """

                [options.buffer-size]
                type = "int"
                default = 8
                min = 16
                help = "Bytes per line."

                [options.level]
                type = "choice"
                default = "warn"
                help = "Level."
                """);

    assertThat(errors(file))
        .extracting(DefinitionError::line, DefinitionError::message)
        .containsExactly(
            tuple(
                11,
                "default of option `buffer-size`: 8 is out of range; expected an integer in 16.."),
            tuple(15, "a choice option needs a non-empty `choices` array"));
  }

  @Test
  void platformLibraryMustSupportItsOwnPlatform() throws Exception {
    Path file =
        write(
            "qemu",
            """
            name = "qemu"
            version = "0.1.0"
            category = "misc"
            kind = "platform"
            summary = "QEMU."
            platforms = ["xen"]
            architectures = ["x86_64"]
            """);

    assertThat(errors(file))
        .extracting(DefinitionError::message)
        .containsExactly(
            "a platform library supports exactly its own platform; set platforms = [\"qemu\"]");
  }

  @Test
  void errorsReadLikeCompilerMessages() throws Exception {
    Path file = write("console", "name = [\n");

    assertThatThrownBy(() -> ManifestParser.parse(file))
        .isInstanceOf(DefinitionException.class)
        .hasMessageStartingWith(file + ":");
  }

  @Test
  void textWithoutAFileIsParsedTheSameAndErrorsNameTheFileItStandsFor() throws Exception {
    Path nominal = Path.of("catalog", "console", "library.toml");

    LibraryManifest manifest = ManifestParser.parse(base("console"), nominal);

    assertThat(manifest.name()).isEqualTo("console");
    assertThat(manifest.platforms()).containsExactly("qemu");
    assertThatThrownBy(() -> ManifestParser.parse(base("other"), nominal))
        .isInstanceOfSatisfying(
            DefinitionException.class,
            rejected ->
                assertThat(rejected.errors())
                    .singleElement()
                    .satisfies(
                        error -> {
                          assertThat(error.file()).isEqualTo(nominal);
                          assertThat(error.line()).isEqualTo(1);
                          assertThat(error.message()).contains("differs from its folder name");
                        }));
    assertThatThrownBy(() -> ManifestParser.parse("name = [\n", nominal))
        .hasMessageStartingWith(nominal + ":2:1: invalid TOML");
  }

  private List<DefinitionError> errors(Path file) {
    try {
      ManifestParser.parse(file);
    } catch (DefinitionException e) {
      return e.errors();
    }
    throw new AssertionError("expected " + file + " to be rejected");
  }

  private static String base(String name) {
    return """
        name = "%s"
        version = "0.1.0"
        category = "console"
        kind = "internal"
        summary = "Console output."
        platforms = ["qemu"]
        architectures = ["x86_64"]
        """
        .formatted(name);
  }

  private Path write(String folder, String text) throws IOException {
    Path directory = Files.createDirectories(tree.resolve("lib").resolve(folder));
    return Files.writeString(directory.resolve("library.toml"), text);
  }
}
