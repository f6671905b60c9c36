package dev.unicore.controlplane.recipes;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface RecipeVersionRepository extends JpaRepository<RecipeVersionEntity, Long> {
  Optional<RecipeVersionEntity> findFirstByRecipeOrderByVersionDesc(RecipeEntity recipe);

  Optional<RecipeVersionEntity> findByRecipeAndVersion(RecipeEntity recipe, int version);
}
