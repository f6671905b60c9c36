package dev.unicore.controlplane.recipes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A recipe: a name with one or more immutable versions. */
@Entity
@Table(name = "recipe")
class RecipeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false, unique = true)
  private String name;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected RecipeEntity() {}

  RecipeEntity(String name, Instant createdAt) {
    this.name = name;
    this.createdAt = createdAt;
  }

  String name() {
    return name;
  }
}
