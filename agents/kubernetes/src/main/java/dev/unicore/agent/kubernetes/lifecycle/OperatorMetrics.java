package dev.unicore.agent.kubernetes.lifecycle;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;

/**
 * The framework's measurements as Micrometer meters, scraped at {@code /actuator/prometheus}:
 * {@code unicore_operator_reconciliations_seconds} (count and time of reconciliations, by outcome)
 * and the sizes of the framework's internal maps. A standby replica (not the leader) reconciles
 * nothing, which these show.
 */
final class OperatorMetrics implements Metrics {
  private final MeterRegistry registry;

  OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    Timer.Sample sample = Timer.start(registry);
    String outcome = "failure";
    try {
      T result = execution.execute();
      outcome = "success";
      return result;
    } finally {
      sample.stop(
          Timer.builder("unicore.operator.reconciliations")
              .description("Reconciliations of UnikernelDeployments")
              .tag("controller", execution.controllerName())
              .tag("outcome", outcome)
              .register(registry));
    }
  }

  @Override
  public <T extends Map<?, ?>> T monitorSizeOf(T map, String name) {
    registry.gaugeMapSize("unicore.operator." + name + ".size", java.util.List.of(), map);
    return map;
  }
}
