package dev.unicore.controlplane.builds;

import dev.unicore.controlplane.problems.ApiException;
import dev.unicore.controlplane.problems.ProblemType;
import dev.unicore.resolver.toml.TomlFields;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The workers' side of builds: registration, leases (long-polled), heartbeats and results. Every
 * state change is one conditional statement of {@link TaskQueue}; this class adds the waiting, the
 * clock and the answers a worker can act on (404 for what does not exist, 409 for a lease it no
 * longer holds).
 */
@Service
public class WorkerService {
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  private final TaskQueue queue;
  private final QueueSignal signal;
  private final BuildsProperties properties;
  private final BuildMetrics metrics;
  private final Clock clock = Clock.systemUTC();

  WorkerService(
      TaskQueue queue, QueueSignal signal, BuildsProperties properties, BuildMetrics metrics) {
    this.queue = queue;
    this.signal = signal;
    this.properties = properties;
    this.metrics = metrics;
  }

  /** A leased task with what the worker needs to build it. */
  public record Lease(TaskView task, TaskQueue.TaskWork work) {}

  /** Every registered worker with the tasks it holds. */
  public List<TaskQueue.WorkerView> list() {
    return queue.workers();
  }

  public long register(
      String name, List<String> platforms, List<String> architectures, int capacity) {
    if (name == null || name.isBlank()) {
      throw new ApiException(ProblemType.MALFORMED_REQUEST, "`name` must name the worker");
    }
    for (String platform : platforms) {
      if (!TomlFields.NAME.matcher(platform).matches()) {
        throw new ApiException(
            ProblemType.MALFORMED_REQUEST, "\"" + platform + "\" is not a platform name");
      }
    }
    for (String architecture : architectures) {
      if (!TomlFields.ARCHITECTURE.matcher(architecture).matches()) {
        throw new ApiException(
            ProblemType.MALFORMED_REQUEST, "\"" + architecture + "\" is not an architecture name");
      }
    }
    if (capacity < 1) {
      throw new ApiException(ProblemType.MALFORMED_REQUEST, "`capacity` must be at least 1");
    }
    return queue.registerWorker(name, platforms, architectures, capacity, clock.instant());
  }

  /** Waits up to {@code wait} for a task this worker can build. */
  public Optional<Lease> lease(long workerId, Duration wait) throws InterruptedException {
    TaskQueue.WorkerCapability worker =
        queue.worker(workerId).orElseThrow(() -> ApiException.notFound("worker " + workerId));
    Instant deadline = clock.instant().plus(wait);
    while (true) {
      long seen = signal.generation();
      Instant now = clock.instant();
      Optional<TaskView> task =
          queue.lease(workerId, worker, now, now.plus(properties.leaseDuration()));
      if (task.isPresent()) {
        return Optional.of(describe(task.get()));
      }
      if (!now.isBefore(deadline)) {
        return Optional.empty();
      }
      signal.awaitAfter(seen, POLL_INTERVAL);
    }
  }

  public TaskQueue.HeartbeatOutcome heartbeat(long taskId, long workerId) {
    Instant now = clock.instant();
    return queue
        .heartbeat(taskId, workerId, now, now.plus(properties.leaseDuration()))
        .orElseThrow(() -> leaseLost(taskId, workerId));
  }

  public TaskView complete(long taskId, long workerId, TaskQueue.TaskOutcome outcome) {
    if (!outcome.succeeded() && (outcome.reason() == null || outcome.reason().isBlank())) {
      throw new ApiException(ProblemType.MALFORMED_REQUEST, "a failed task needs a `reason`");
    }
    if (!queue.complete(taskId, workerId, outcome, clock.instant())) {
      throw leaseLost(taskId, workerId);
    }
    metrics.taskCompleted(outcome.durationMillis());
    return queue.task(taskId).orElseThrow();
  }

  public void appendLog(long taskId, long workerId, List<String> lines) {
    if (!queue.appendLog(taskId, workerId, lines, clock.instant())) {
      throw leaseLost(taskId, workerId);
    }
  }

  /** Expired leases go back to the queue even when no worker asks for work. */
  @Scheduled(fixedDelayString = "${unicore.builds.reap-interval:1s}")
  void reapExpiredLeases() {
    int expired = queue.reapExpiredLeases(properties.maxAttempts(), clock.instant());
    metrics.leasesExpired(expired);
    if (expired > 0) {
      signal.queued();
    }
  }

  private Lease describe(TaskView task) {
    return new Lease(task, queue.work(task.id()));
  }

  /** 404 when the task does not exist, otherwise 409 saying why the lease is not held. */
  private ApiException leaseLost(long taskId, long workerId) {
    TaskView task = queue.task(taskId).orElseThrow(() -> ApiException.notFound("task " + taskId));
    String why;
    if (!task.active()) {
      why = "the task is already " + task.state();
    } else if (task.workerId() == null || task.workerId() != workerId) {
      why = "the task's lease expired and it went back to the queue or to another worker";
    } else {
      why = "the lease expired";
    }
    return new ApiException(
        ProblemType.CONFLICT,
        "worker "
            + workerId
            + " holds no live lease on task "
            + taskId
            + ": "
            + why
            + "; drop the task and lease another");
  }
}
