package dev.unicore.controlplane.catalog;

import dev.unicore.controlplane.problems.ApiException;
import dev.unicore.controlplane.problems.ProblemItem;
import dev.unicore.controlplane.problems.ProblemType;
import dev.unicore.resolver.manifest.Catalog;
import dev.unicore.resolver.manifest.CatalogLoader;
import dev.unicore.resolver.manifest.Category;
import dev.unicore.resolver.manifest.LibraryKind;
import dev.unicore.resolver.manifest.LibraryManifest;
import dev.unicore.resolver.manifest.ManifestParser;
import dev.unicore.resolver.toml.DefinitionException;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
      Stored stored = store(manifest, digest(read(manifest.manifestFile())), now);
      switch (stored.change()) {
        case CREATED -> created.add(manifest.name());
        case NEW_VERSION -> newVersions.add(manifest.name() + "@" + stored.entry().version());
        case UNCHANGED -> unchanged.add(manifest.name());
      }
    }
    return new ImportReport(created, newVersions, unchanged);
  }

  /** What storing a manifest did. */
  public enum Change {
    /** A new library, or a deleted one back in the catalog. */
    CREATED,
    NEW_VERSION,
    UNCHANGED
  }

  /** The library's newest version after storing a manifest, and what changed. */
  public record Stored(CatalogEntry entry, Change change) {}

  /**
   * Creates or updates one library from manifest text given by hand ({@code PUT
   * /api/v1/libraries/{name}}), checked as an imported manifest would be.
   *
   * @throws ApiException 422 with every manifest error (line and column), nothing stored then
   */
  @Transactional
  public Stored put(String name, String text) {
    Path nominal = Path.of("catalog", name, CatalogLoader.MANIFEST_FILE_NAME);
    LibraryManifest manifest;
    try {
      manifest = ManifestParser.parse(text, nominal);
    } catch (DefinitionException e) {
      throw malformed("the manifest has " + e.errors().size() + " error(s); nothing was stored", e);
    }
    entityManager
        .createNativeQuery("SELECT pg_advisory_xact_lock(:key)")
        .setParameter("key", IMPORT_LOCK)
        .getSingleResult();
    return store(manifest, digest(text.getBytes(StandardCharsets.UTF_8)), clock.instant());
  }

  /** Removes a library from the catalog; its versions stay readable. 404 when there is none. */
  @Transactional
  public void delete(String name) {
    library(name).delete(clock.instant());
  }

  private Stored store(LibraryManifest manifest, String digest, Instant now) {
    Optional<LibraryEntity> existing = libraries.findByName(manifest.name());
    LibraryEntity library =
        existing.orElseGet(() -> libraries.save(new LibraryEntity(manifest.name(), now)));
    boolean restored = library.deleted();
    library.restore();
    Optional<LibraryVersionEntity> newest = versions.findFirstByLibraryOrderByIdDesc(library);
    if (newest.isPresent() && newest.get().manifestDigest().equals(digest)) {
      return new Stored(toEntry(newest.get()), restored ? Change.CREATED : Change.UNCHANGED);
    }
    String version = nextVersion(library, manifest.version());
    LibraryVersionEntity saved = versions.save(toEntity(library, version, digest, manifest, now));
    return new Stored(
        toEntry(saved), existing.isEmpty() || restored ? Change.CREATED : Change.NEW_VERSION);
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

  /** One version of a library, deleted or not (builds refer to it); 404 when either is absent. */
  @Transactional(readOnly = true)
  public CatalogEntry version(String name, String version) {
    LibraryEntity library =
        libraries.findByName(name).orElseThrow(() -> ApiException.notFound("library " + name));
    return versions
        .findByLibraryAndVersion(library, version)
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

  /** A library of the catalog; 404 when there is none or it was deleted. */
  private LibraryEntity library(String name) {
    return libraries
        .findByName(name)
        .filter(library -> !library.deleted())
        .orElseThrow(() -> ApiException.notFound("library " + name));
  }

  private static Catalog load(Path unikernelRoot) {
    try {
      return CatalogLoader.load(unikernelRoot);
    } catch (DefinitionException e) {
      throw malformed(
          "the unikernel tree has "
              + e.errors().size()
              + " manifest error(s); nothing was imported",
          e);
    }
  }

  private static ApiException malformed(String detail, DefinitionException e) {
    return new ApiException(
        ProblemType.MALFORMED_MANIFEST,
        detail,
        e.errors().stream()
            .map(
                error ->
                    new ProblemItem(
                        "MALFORMED_MANIFEST",
                        null,
                        error.toString(),
                        "correct the manifest, then send it again"))
            .toList());
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

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String digest(byte[] manifest) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(manifest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
