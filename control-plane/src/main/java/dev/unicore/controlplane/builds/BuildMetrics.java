package dev.unicore.controlplane.builds;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The build queue's metrics, scraped at /actuator/prometheus: queue depth (a query per scrape),
 * lease expiries, and task durations as workers report them. HTTP latencies come from Spring's own
 * instrumentation.
 */
@Component
class BuildMetrics {
  private final Counter leaseExpiries;
  private final Timer taskDurations;

  BuildMetrics(MeterRegistry registry, JdbcTemplate jdbc) {
    Gauge.builder(
            "unicore.build.queue.depth",
            jdbc,
            template ->
                template.queryForObject(
                    "SELECT count(*) FROM build_task WHERE state = 'queued'", Long.class))
        .description("Build tasks waiting for a worker")
        .register(registry);
    this.leaseExpiries =
        Counter.builder("unicore.build.lease.expiries")
            .description("Leases that expired without a result; their tasks went back or failed")
            .register(registry);
    this.taskDurations =
        Timer.builder("unicore.build.task.duration")
            .description("How long tasks took, as their workers reported")
            .register(registry);
  }

  void leasesExpired(int count) {
    leaseExpiries.increment(count);
  }

  void taskCompleted(Long durationMillis) {
    if (durationMillis != null && durationMillis >= 0) {
      taskDurations.record(Duration.ofMillis(durationMillis));
    }
  }
}
