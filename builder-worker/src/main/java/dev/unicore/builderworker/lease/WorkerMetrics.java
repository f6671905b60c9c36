package dev.unicore.builderworker.lease;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker's metrics, scraped at {@code /actuator/prometheus}: {@code unicore_worker_tasks_total}
 * by outcome, {@code unicore_worker_task_duration_seconds} by outcome, {@code
 * unicore_worker_cache_hits_total} and {@code _misses_total}, {@code unicore_worker_failures_total}
 * by cause, {@code unicore_worker_tasks_active}.
 */
public class WorkerMetrics {
  private final MeterRegistry registry;
  private final AtomicInteger active = new AtomicInteger();
  private final Counter cacheHits;
  private final Counter cacheMisses;

  public WorkerMetrics(MeterRegistry registry) {
    this.registry = registry;
    registry.gauge("unicore.worker.tasks.active", active);
    cacheHits =
        Counter.builder("unicore.worker.cache.hits")
            .description("Builds whose inputs matched an earlier build, reused without compiling")
            .register(registry);
    cacheMisses =
        Counter.builder("unicore.worker.cache.misses")
            .description("Builds compiled because no earlier build had the same inputs")
            .register(registry);
  }

  void started() {
    active.incrementAndGet();
  }

  void ended(TaskEnd end, Duration duration) {
    active.decrementAndGet();
    String outcome = end.outcome().name().toLowerCase(java.util.Locale.ROOT);
    Counter.builder("unicore.worker.tasks")
        .description("Tasks this worker ran, by outcome")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
    Timer.builder("unicore.worker.task.duration")
        .description("Time from lease to result")
        .tag("outcome", outcome)
        .register(registry)
        .record(duration);
    if (end.outcome() == TaskEnd.Outcome.FAILED) {
      Counter.builder("unicore.worker.failures")
          .description("Failed tasks, by cause")
          .tag("cause", end.cause().label())
          .register(registry)
          .increment();
    }
  }

  void cacheHit() {
    cacheHits.increment();
  }

  void cacheMiss() {
    cacheMisses.increment();
  }

  public int active() {
    return active.get();
  }
}
