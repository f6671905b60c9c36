package dev.unicore.controlplane.catalog;

import dev.unicore.controlplane.problems.ApiException;
import dev.unicore.controlplane.problems.ProblemItem;
import dev.unicore.controlplane.problems.ProblemType;
import dev.unicore.resolver.manifest.Catalog;
import dev.unicore.resolver.manifest.CatalogLoader;
import dev.unicore.resolver.manifest.Category;
import dev.unicore.resolver.manifest.LibraryKind;
import dev.unicore.resolver.manifest.LibraryManifest;
import dev.unicore.resolver.toml.DefinitionException;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The catalog's application service: imports a unikernel tree, answers queries, and hands the
 * resolver a {@link Catalog} of newest versions.
 *
 * <p>Transactions: each public method is one transaction. An import holds a transaction-scoped
 * advisory lock, so concurrent imports run one after the other and never race on a new library; a
 * malformed manifest anywhere rejects the whole import before anything is written.
 */
@Service
public class CatalogService {
  /** Key of the PostgreSQL advisory lock that serializes imports. */
  private static final long IMPORT_LOCK = 0x756e69636f7265L;

  private final LibraryRepository libraries;
  private final LibraryVersionRepository versions;
  private final EntityManager entityManager;
  private final CatalogProperties properties;
  private final OptionsJson optionsJson;
  private final Clock clock;

  CatalogService(
      LibraryRepository libraries,
      LibraryVersionRepository versions,
      EntityManager entityManager,
      CatalogProperties properties,
      JsonMapper jsonMapper) {
    this.libraries = libraries;
    this.versions = versions;
    this.entityManager = entityManager;
    this.properties = properties;
    this.optionsJson = new OptionsJson(jsonMapper);
    this.clock = Clock.systemUTC();
  }

  /** Imports every manifest of the configured unikernel tree. */
  @Transactional
  public ImportReport importTree() {
    Catalog catalog = load(properties.unikernelRoot());
    entityManager
        .createNativeQuery("SELECT pg_advisory_xact_lock(:key)")
        .setParameter("key", IMPORT_LOCK)
        .getSingleResult();
    Instant now = clock.instant();
    List<String> created = new ArrayList<>();
    List<String> newVersions = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    for (LibraryManifest manifest : catalog.libraries()) {
      String digest = digest(manifest.manifestFile());
      Optional<LibraryEntity> existing = libraries.findByName(manifest.name());
      LibraryEntity library =
          existing.orElseGet(() -> libraries.save(new LibraryEntity(manifest.name(), now)));
      Optional<LibraryVersionEntity> newest = versions.findFirstByLibraryOrderByIdDesc(library);
      if (newest.isPresent() && newest.get().manifestDigest().equals(digest)) {
        unchanged.add(manifest.name());
        continue;
      }
      String version = nextVersion(library, manifest.version());
      versions.save(toEntity(library, version, digest, manifest, now));
      if (existing.isEmpty()) {
        created.add(manifest.name());
      } else {
        newVersions.add(manifest.name() + "@" + version);
      }
    }
    return new ImportReport(created, newVersions, unchanged);
  }

  /** One page of newest versions matching the filter, by name. */
  @Transactional(readOnly = true)
  public List<CatalogEntry> list(LibraryFilter filter, int page, int size) {
    return versions
        .findNewest(
            filter.category(),
            filter.platform(),
            filter.architecture(),
            filter.provides(),
            filter.text(),
            size,
            (long) page * size)
        .stream()
        .map(this::toEntry)
        .toList();
  }

  @Transactional(readOnly = true)
  public long count(LibraryFilter filter) {
    return versions.countNewest(
        filter.category(),
        filter.platform(),
        filter.architecture(),
        filter.provides(),
        filter.text());
  }

  /** A library with its versions and dependents; 404 when there is no such library. */
  @Transactional(readOnly = true)
  public LibraryHistory history(String name) {
    LibraryEntity library = library(name);
    List<LibraryVersionEntity> all = versions.findByLibraryOrderByIdAsc(library);
    CatalogEntry latest = toEntry(all.get(all.size() - 1));
    Catalog catalog = currentCatalog();
    List<String> dependents =
        catalog.dependentsOf(latest.manifest()).stream().map(LibraryManifest::name).toList();
    return new LibraryHistory(
        latest, all.stream().map(LibraryVersionEntity::version).toList(), dependents);
  }

  /** One version of a library; 404 when either is absent. */
  @Transactional(readOnly = true)
  public CatalogEntry version(String name, String version) {
    return versions
        .findByLibraryAndVersion(library(name), version)
        .map(this::toEntry)
        .orElseThrow(() -> ApiException.notFound("version " + version + " of library " + name));
  }

  /** The newest version of every library, as the resolver's catalog. */
  @Transactional(readOnly = true)
  public Catalog currentCatalog() {
    try {
      return Catalog.of(
          versions.findNewest().stream().map(this::toEntry).map(CatalogEntry::manifest).toList());
    } catch (DefinitionException e) {
      throw new IllegalStateException("the stored catalog is inconsistent: " + e.getMessage(), e);
    }
  }

  private LibraryEntity library(String name) {
    return libraries.findByName(name).orElseThrow(() -> ApiException.notFound("library " + name));
  }

  private static Catalog load(Path unikernelRoot) {
    try {
      return CatalogLoader.load(unikernelRoot);
    } catch (DefinitionException e) {
      throw new ApiException(
          ProblemType.MALFORMED_MANIFEST,
          "the unikernel tree has "
              + e.errors().size()
              + " manifest error(s); nothing was imported",
          e.errors().stream()
              .map(
                  error ->
                      new ProblemItem(
                          "MALFORMED_MANIFEST",
                          null,
                          error.toString(),
                          "correct the manifest, then import again"))
              .toList());
    }
  }

  /** The manifest's version, or version+N when that is taken by different content. */
  private String nextVersion(LibraryEntity library, String manifestVersion) {
    String candidate = manifestVersion;
    for (int revision = 2; versions.existsByLibraryAndVersion(library, candidate); revision++) {
      candidate = manifestVersion + "+" + revision;
    }
    return candidate;
  }

  private LibraryVersionEntity toEntity(
      LibraryEntity library, String version, String digest, LibraryManifest manifest, Instant now) {
    return new LibraryVersionEntity(
        library,
        version,
        digest,
        manifest.category().tomlName(),
        manifest.kind().tomlName(),
        manifest.summary(),
        sorted(manifest.provides()),
        sorted(manifest.defaultFor()),
        manifest.requires(),
        manifest.conflicts(),
        sorted(manifest.platforms()),
        sorted(manifest.architectures()),
        manifest.init().orElse(null),
        optionsJson.write(manifest.options()),
        manifest.directory().toString(),
        now);
  }

  private CatalogEntry toEntry(LibraryVersionEntity entity) {
    LibraryManifest manifest =
        new LibraryManifest(
            entity.library().name(),
            entity.version(),
            Category.valueOf(entity.category().toUpperCase(Locale.ROOT)),
            LibraryKind.valueOf(entity.kind().toUpperCase(Locale.ROOT)),
            entity.summary(),
            new LinkedHashSet<>(entity.provides()),
            new LinkedHashSet<>(entity.defaultFor()),
            entity.requires(),
            entity.conflicts(),
            new LinkedHashSet<>(entity.platforms()),
            new LinkedHashSet<>(entity.architectures()),
            Optional.ofNullable(entity.initFunction()),
            optionsJson.read(entity.options()),
            Path.of(entity.sourcePath()));
    return new CatalogEntry(entity.version(), manifest, entity.importedAt());
  }

  private static List<String> sorted(java.util.Collection<String> values) {
    return values.stream().sorted().toList();
  }

  private static String digest(Path file) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
      return "sha256:" + HexFormat.of().formatHex(hash);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
