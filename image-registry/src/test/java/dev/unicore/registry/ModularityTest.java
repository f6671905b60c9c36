package dev.unicore.registry;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The registry's module boundaries: each feature package (storage, manifest, distribution, auth,
 * gc, ops) is a module whose root holds its API; none reaches into another's internals and there
 * are no cycles.
 */
class ModularityTest {
  @Test
  void modulesRespectTheirBoundaries() {
    ApplicationModules.of(RegistryApplication.class).verify();
  }
}
