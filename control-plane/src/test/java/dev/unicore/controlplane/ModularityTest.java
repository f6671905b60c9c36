package dev.unicore.controlplane;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The control plane's module boundaries: each feature package is a module whose root holds its API;
 * no module reaches into another's internals and there are no cycles.
 */
class ModularityTest {
  @Test
  void modulesRespectTheirBoundaries() {
    ApplicationModules.of(ControlPlaneApplication.class).verify();
  }
}
