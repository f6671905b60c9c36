package dev.unicore.controlplane.recipes;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface RecipeRepository extends JpaRepository<RecipeEntity, Long> {
  Optional<RecipeEntity> findByName(String name);

  /** The recipe, its row locked until the transaction ends (serializes updates). */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("SELECT r FROM RecipeEntity r WHERE r.name = :name")
  Optional<RecipeEntity> findByNameForUpdate(@Param("name") String name);

  List<RecipeEntity> findAllByOrderByNameAsc();
}
