package dev.unicore.builderworker.lease;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code /actuator/health}: UP once registered with the control plane, OUT_OF_SERVICE while
 * draining, DOWN before it could register.
 */
public class WorkerHealth implements HealthIndicator {
  private final ControlPlane controlPlane;
  private final LeaseLoop loop;

  WorkerHealth(ControlPlane controlPlane, LeaseLoop loop) {
    this.controlPlane = controlPlane;
    this.loop = loop;
  }

  @Override
  public Health health() {
    Health.Builder health;
    if (loop.draining()) {
      health = Health.outOfService();
    } else if (controlPlane.registered()) {
      health = Health.up();
    } else {
      health = Health.down().withDetail("reason", "not registered with the control plane yet");
    }
    if (controlPlane.registered()) {
      health.withDetail("workerId", controlPlane.workerId());
    }
    return health.withDetail("runningTasks", loop.runningTasks()).build();
  }
}
