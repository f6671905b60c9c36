package dev.unicore.resolver.manifest;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a μ-lib's {@code library.toml} says about it: the only metadata a library has. The library's
 * sources are found by folder convention next to the manifest, never listed here.
 *
 * @param name unique name; also the folder name
 * @param version the library's version
 * @param category one of the eight API categories
 * @param kind internal, external or platform
 * @param summary one sentence
 * @param provides the APIs it implements
 * @param defaultFor the APIs it is the default provider of (a subset of {@code provides})
 * @param requires APIs or library names it needs, in declared order
 * @param conflicts APIs or library names it cannot be built with
 * @param platforms the platforms it supports
 * @param architectures the architectures it supports
 * @param init the C function the boot sequence calls to initialize it, if any
 * @param options its typed options by name, in declared order
 * @param directory the folder holding the manifest and the library's sources
 */
public record LibraryManifest(
    String name,
    String version,
    Category category,
    LibraryKind kind,
    String summary,
    Set<String> provides,
    Set<String> defaultFor,
    List<String> requires,
    List<String> conflicts,
    Set<String> platforms,
    Set<String> architectures,
    Optional<String> init,
    Map<String, OptionSpec> options,
    Path directory) {

  public LibraryManifest {
    Objects.requireNonNull(name);
    Objects.requireNonNull(version);
    Objects.requireNonNull(category);
    Objects.requireNonNull(kind);
    Objects.requireNonNull(summary);
    provides = Set.copyOf(provides);
    defaultFor = Set.copyOf(defaultFor);
    requires = List.copyOf(requires);
    conflicts = List.copyOf(conflicts);
    platforms = Set.copyOf(platforms);
    architectures = Set.copyOf(architectures);
    Objects.requireNonNull(init);
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    Objects.requireNonNull(directory);
  }

  /** The file this manifest was read from. */
  public Path manifestFile() {
    return directory.resolve(CatalogLoader.MANIFEST_FILE_NAME);
  }

  public boolean supports(String platform, String architecture) {
    return platforms.contains(platform) && architectures.contains(architecture);
  }

  /** True when this library is the library named {@code nameOrApi} or implements that API. */
  public boolean matches(String nameOrApi) {
    return name.equals(nameOrApi) || provides.contains(nameOrApi);
  }
}
