package dev.unicore.resolver.manifest;

import dev.unicore.resolver.toml.DefinitionError;
import dev.unicore.resolver.toml.DefinitionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds and reads every manifest of a unikernel source tree: {@code lib/<name>/library.toml} for
 * μ-libs and {@code plat/<name>/library.toml} for platform libraries. Errors of all files are
 * reported together.
 */
public final class CatalogLoader {
  public static final String MANIFEST_FILE_NAME = "library.toml";
  private static final List<String> LIBRARY_FOLDERS = List.of("lib", "plat");

  private CatalogLoader() {}

  /**
   * Loads the catalog of the tree rooted at {@code unikernelRoot} (the {@code unikernel/} folder).
   *
   * @throws DefinitionException when a manifest is malformed or the manifests disagree
   */
  public static Catalog load(Path unikernelRoot) throws DefinitionException {
    List<LibraryManifest> manifests = new ArrayList<>();
    List<DefinitionError> errors = new ArrayList<>();
    for (Path manifestFile : manifestFiles(unikernelRoot, errors)) {
      try {
        manifests.add(ManifestParser.parse(manifestFile));
      } catch (DefinitionException e) {
        errors.addAll(e.errors());
      }
    }
    if (!errors.isEmpty()) {
      throw new DefinitionException(errors);
    }
    return Catalog.of(manifests);
  }

  private static List<Path> manifestFiles(Path unikernelRoot, List<DefinitionError> errors) {
    if (!Files.isDirectory(unikernelRoot)) {
      errors.add(
          new DefinitionError(
              unikernelRoot, 0, 0, "not a folder: expected the unikernel source tree here"));
      return List.of();
    }
    List<Path> files = new ArrayList<>();
    for (String folder : LIBRARY_FOLDERS) {
      Path parent = unikernelRoot.resolve(folder);
      if (!Files.isDirectory(parent)) {
        continue;
      }
      try (Stream<Path> children = Files.list(parent)) {
        children
            .filter(Files::isDirectory)
            .map(child -> child.resolve(MANIFEST_FILE_NAME))
            .filter(Files::isRegularFile)
            .sorted()
            .forEach(files::add);
      } catch (IOException e) {
        errors.add(new DefinitionError(parent, 0, 0, "cannot list the folder: " + e.getMessage()));
      }
    }
    return files;
  }
}
