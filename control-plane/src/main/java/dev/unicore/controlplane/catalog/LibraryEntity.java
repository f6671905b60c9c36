package dev.unicore.controlplane.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A library of the catalog: a name that has one or more versions. */
@Entity
@Table(name = "library")
class LibraryEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false, unique = true)
  private String name;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  /** When an admin deleted it; null while it is in the catalog. */
  @Column(name = "deleted_at")
  private Instant deletedAt;

  protected LibraryEntity() {}

  LibraryEntity(String name, Instant createdAt) {
    this.name = name;
    this.createdAt = createdAt;
  }

  Long id() {
    return id;
  }

  String name() {
    return name;
  }

  boolean deleted() {
    return deletedAt != null;
  }

  void delete(Instant at) {
    deletedAt = at;
  }

  void restore() {
    deletedAt = null;
  }
}
