package dev.unicore.controlplane.recipes;

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

/** One version of a recipe; never changed once written, so builds can refer to it forever. */
@Entity
@Table(name = "recipe_version")
class RecipeVersionEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(fetch = FetchType.EAGER, optional = false)
  @JoinColumn(name = "recipe_id")
  private RecipeEntity recipe;

  @Column(nullable = false)
  private int version;

  /** The {@link RecipeDraft} as JSON. */
  @Column(nullable = false)
  private String spec;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected RecipeVersionEntity() {}

  RecipeVersionEntity(RecipeEntity recipe, int version, String spec, Instant createdAt) {
    this.recipe = recipe;
    this.version = version;
    this.spec = spec;
    this.createdAt = createdAt;
  }

  RecipeEntity recipe() {
    return recipe;
  }

  int version() {
    return version;
  }

  String spec() {
    return spec;
  }

  Instant createdAt() {
    return createdAt;
  }
}
