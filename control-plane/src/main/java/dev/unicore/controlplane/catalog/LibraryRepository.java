package dev.unicore.controlplane.catalog;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface LibraryRepository extends JpaRepository<LibraryEntity, Long> {
  Optional<LibraryEntity> findByName(String name);
}
