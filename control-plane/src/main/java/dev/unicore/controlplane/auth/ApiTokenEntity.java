package dev.unicore.controlplane.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A token as stored: its hash, never its secret. */
@Entity
@Table(name = "api_token")
class ApiTokenEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false)
  private String name;

  @Column(name = "secret_hash", nullable = false, unique = true)
  private String secretHash;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(nullable = false)
  private List<String> roles;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "expires_at")
  private Instant expiresAt;

  @Column(name = "revoked_at")
  private Instant revokedAt;

  protected ApiTokenEntity() {}

  ApiTokenEntity(
      String name, String secretHash, List<String> roles, Instant createdAt, Instant expiresAt) {
    this.name = name;
    this.secretHash = secretHash;
    this.roles = List.copyOf(roles);
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
  }

  void revoke(Instant now) {
    if (revokedAt == null) {
      revokedAt = now;
    }
  }

  Long id() {
    return id;
  }

  String name() {
    return name;
  }

  List<String> roles() {
    return roles;
  }

  Instant createdAt() {
    return createdAt;
  }

  Instant expiresAt() {
    return expiresAt;
  }

  Instant revokedAt() {
    return revokedAt;
  }
}
