package dev.unicore.controlplane.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One version of a library's manifest, as imported; never changed once written. */
@Entity
@Table(name = "library_version")
class LibraryVersionEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(fetch = FetchType.EAGER, optional = false)
  @JoinColumn(name = "library_id")
  private LibraryEntity library;

  @Column(nullable = false)
  private String version;

  @Column(name = "manifest_digest", nullable = false)
  private String manifestDigest;

  @Column(nullable = false)
  private String category;

  @Column(nullable = false)
  private String kind;

  @Column(nullable = false)
  private String summary;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(nullable = false)
  private List<String> provides;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "default_for", nullable = false)
  private List<String> defaultFor;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(nullable = false)
  private List<String> requires;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(nullable = false)
  private List<String> conflicts;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(nullable = false)
  private List<String> platforms;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(nullable = false)
  private List<String> architectures;

  @Column(name = "init_function")
  private String initFunction;

  /** JSON: the options in declared order. */
  @Column(nullable = false)
  private String options;

  @Column(name = "source_path", nullable = false)
  private String sourcePath;

  @Column(name = "imported_at", nullable = false)
  private Instant importedAt;

  protected LibraryVersionEntity() {}

  LibraryVersionEntity(
      LibraryEntity library,
      String version,
      String manifestDigest,
      String category,
      String kind,
      String summary,
      List<String> provides,
      List<String> defaultFor,
      List<String> requires,
      List<String> conflicts,
      List<String> platforms,
      List<String> architectures,
      String initFunction,
      String options,
      String sourcePath,
      Instant importedAt) {
    this.library = library;
    this.version = version;
    this.manifestDigest = manifestDigest;
    this.category = category;
    this.kind = kind;
    this.summary = summary;
    this.provides = List.copyOf(provides);
    this.defaultFor = List.copyOf(defaultFor);
    this.requires = List.copyOf(requires);
    this.conflicts = List.copyOf(conflicts);
    this.platforms = List.copyOf(platforms);
    this.architectures = List.copyOf(architectures);
    this.initFunction = initFunction;
    this.options = options;
    this.sourcePath = sourcePath;
    this.importedAt = importedAt;
  }

  Long id() {
    return id;
  }

  LibraryEntity library() {
    return library;
  }

  String version() {
    return version;
  }

  String manifestDigest() {
    return manifestDigest;
  }

  String category() {
    return category;
  }

  String kind() {
    return kind;
  }

  String summary() {
    return summary;
  }

  List<String> provides() {
    return provides;
  }

  List<String> defaultFor() {
    return defaultFor;
  }

  List<String> requires() {
    return requires;
  }

  List<String> conflicts() {
    return conflicts;
  }

  List<String> platforms() {
    return platforms;
  }

  List<String> architectures() {
    return architectures;
  }

  String initFunction() {
    return initFunction;
  }

  String options() {
    return options;
  }

  String sourcePath() {
    return sourcePath;
  }

  Instant importedAt() {
    return importedAt;
  }
}
