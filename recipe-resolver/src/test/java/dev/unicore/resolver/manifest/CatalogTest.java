package dev.unicore.resolver.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unicore.resolver.toml.DefinitionError;
import dev.unicore.resolver.toml.DefinitionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {
  @TempDir Path tree;

  @Test
  void loadsLibrariesAndPlatformsOfATree() throws Exception {
    write("lib", "alloc-buddy", "provides = [\"alloc\"]\ndefault-for = [\"alloc\"]\n");
    write("lib", "alloc-tlsf", "provides = [\"alloc\"]\n");
    write("lib", "app-helper", "requires = [\"alloc\"]\n");
    write("plat", "qemu", "");

    Catalog catalog = CatalogLoader.load(tree);

    assertThat(catalog.libraries())
        .extracting(LibraryManifest::name)
        .containsExactly("alloc-buddy", "alloc-tlsf", "app-helper", "qemu");
    assertThat(catalog.lookup("qemu").orElseThrow().kind()).isEqualTo(LibraryKind.PLATFORM);
    assertThat(catalog.providersOf("alloc"))
        .extracting(LibraryManifest::name)
        .containsExactly("alloc-buddy", "alloc-tlsf");
    assertThat(catalog.defaultProviderOf("alloc").orElseThrow().name()).isEqualTo("alloc-buddy");
    assertThat(catalog.dependentsOf(catalog.lookup("alloc-tlsf").orElseThrow()))
        .extracting(LibraryManifest::name)
        .containsExactly("app-helper");
  }

  @Test
  void reportsTheErrorsOfEveryFileTogether() throws Exception {
    Path first = write("lib", "first", "version = \"x\"\n");
    Path second = write("lib", "second", "bogus = 1\n");

    assertThatThrownBy(() -> CatalogLoader.load(tree))
        .isInstanceOfSatisfying(
            DefinitionException.class,
            e -> assertThat(e.errors()).extracting(DefinitionError::file).contains(first, second));
  }

  @Test
  void twoDefaultProvidersOfOneApiAreRejected() throws Exception {
    write("lib", "alloc-buddy", "provides = [\"alloc\"]\ndefault-for = [\"alloc\"]\n");
    write("lib", "alloc-tlsf", "provides = [\"alloc\"]\ndefault-for = [\"alloc\"]\n");

    assertThatThrownBy(() -> CatalogLoader.load(tree))
        .isInstanceOf(DefinitionException.class)
        .hasMessageContaining(
            "`alloc-tlsf` and `alloc-buddy` are both declared the default provider of API"
                + " `alloc`");
  }

  @Test
  void missingTreeIsAnError() {
    assertThatThrownBy(() -> CatalogLoader.load(tree.resolve("absent")))
        .isInstanceOf(DefinitionException.class)
        .hasMessageContaining("not a folder");
  }

  private Path write(String folder, String name, String extra) throws IOException {
    Path directory = Files.createDirectories(tree.resolve(folder).resolve(name));
    boolean platform = folder.equals("plat");
    String text =
        """
        name = "%s"
        version = "1.0.0"
        category = "misc"
        kind = "%s"
        summary = "Test library."
        platforms = ["%s"]
        architectures = ["x86_64"]
        """
                .formatted(name, platform ? "platform" : "internal", platform ? name : "qemu")
            + extra;
    return Files.writeString(directory.resolve("library.toml"), text);
  }
}
