package dev.unicore.resolver.manifest;

import dev.unicore.resolver.toml.DefinitionError;
import dev.unicore.resolver.toml.DefinitionException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable, consistent set of library manifests: names are unique and each API has at most one
 * default provider. It answers the resolver's questions (which library is this, who provides this
 * API, who is its default) without any file access.
 */
public final class Catalog {
  private final Map<String, LibraryManifest> librariesByName;
  private final Map<String, List<LibraryManifest>> providersByApi;
  private final Map<String, LibraryManifest> defaultProviderByApi;

  private Catalog(
      Map<String, LibraryManifest> librariesByName,
      Map<String, List<LibraryManifest>> providersByApi,
      Map<String, LibraryManifest> defaultProviderByApi) {
    this.librariesByName = librariesByName;
    this.providersByApi = providersByApi;
    this.defaultProviderByApi = defaultProviderByApi;
  }

  /**
   * Builds a catalog from manifests.
   *
   * @throws DefinitionException when two manifests share a name or two libraries are the default
   *     provider of one API; each error names the second file involved
   */
  public static Catalog of(Collection<LibraryManifest> manifests) throws DefinitionException {
    List<DefinitionError> errors = new ArrayList<>();
    Map<String, LibraryManifest> byName = new TreeMap<>();
    Map<String, List<LibraryManifest>> byApi = new TreeMap<>();
    Map<String, LibraryManifest> defaults = new HashMap<>();
    List<LibraryManifest> ordered = new ArrayList<>(manifests);
    ordered.sort(Comparator.comparing(manifest -> manifest.manifestFile().toString()));
    for (LibraryManifest manifest : ordered) {
      LibraryManifest previous = byName.putIfAbsent(manifest.name(), manifest);
      if (previous != null) {
        errors.add(
            new DefinitionError(
                manifest.manifestFile(),
                0,
                0,
                "library name `"
                    + manifest.name()
                    + "` is already used by "
                    + previous.manifestFile()
                    + "; library names must be unique"));
        continue;
      }
      for (String api : manifest.provides()) {
        byApi.computeIfAbsent(api, key -> new ArrayList<>()).add(manifest);
      }
      for (String api : manifest.defaultFor()) {
        LibraryManifest other = defaults.putIfAbsent(api, manifest);
        if (other != null) {
          errors.add(
              new DefinitionError(
                  manifest.manifestFile(),
                  0,
                  0,
                  "`"
                      + manifest.name()
                      + "` and `"
                      + other.name()
                      + "` are both declared the default provider of API `"
                      + api
                      + "`; keep `default-for` in one of them"));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new DefinitionException(errors);
    }
    byApi.replaceAll(
        (api, providers) -> {
          providers.sort(Comparator.comparing(LibraryManifest::name));
          return List.copyOf(providers);
        });
    return new Catalog(
        Collections.unmodifiableMap(byName),
        Collections.unmodifiableMap(byApi),
        Map.copyOf(defaults));
  }

  /** Every library, by name in alphabetical order. */
  public Collection<LibraryManifest> libraries() {
    return librariesByName.values();
  }

  public Optional<LibraryManifest> lookup(String name) {
    return Optional.ofNullable(librariesByName.get(name));
  }

  /** The libraries that provide {@code api}, by name; empty when nothing provides it. */
  public List<LibraryManifest> providersOf(String api) {
    return providersByApi.getOrDefault(api, List.of());
  }

  public boolean isApi(String name) {
    return providersByApi.containsKey(name);
  }

  public Optional<LibraryManifest> defaultProviderOf(String api) {
    return Optional.ofNullable(defaultProviderByApi.get(api));
  }

  /** Every API some library provides, in alphabetical order. */
  public Collection<String> apis() {
    return providersByApi.keySet();
  }

  /** The libraries that require {@code library} by name or require an API it provides. */
  public List<LibraryManifest> dependentsOf(LibraryManifest library) {
    return librariesByName.values().stream()
        .filter(other -> other != library)
        .filter(other -> other.requires().stream().anyMatch(library::matches))
        .toList();
  }
}
