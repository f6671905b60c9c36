package dev.unicore.controlplane.auth;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface ApiTokenRepository extends JpaRepository<ApiTokenEntity, Long> {
  Optional<ApiTokenEntity> findBySecretHash(String secretHash);

  List<ApiTokenEntity> findAllByOrderByIdDesc();
}
