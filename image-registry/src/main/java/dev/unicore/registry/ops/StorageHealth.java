package dev.unicore.registry.ops;

import dev.unicore.registry.storage.Storage;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** The registry is healthy while its storage can be written. */
@Component("storageHealthIndicator")
class StorageHealth implements HealthIndicator {
  private final Storage storage;

  StorageHealth(Storage storage) {
    this.storage = storage;
  }

  @Override
  public Health health() {
    Health.Builder builder = storage.isWritable() ? Health.up() : Health.down();
    return builder.withDetail("blobs", storage.blobCount()).build();
  }
}
