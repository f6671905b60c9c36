package dev.unicore.controlplane.builds;

import dev.unicore.controlplane.api.WorkersApi;
import dev.unicore.controlplane.api.model.Heartbeat;
import dev.unicore.controlplane.api.model.LogLines;
import dev.unicore.controlplane.api.model.TargetPlan;
import dev.unicore.controlplane.api.model.Task;
import dev.unicore.controlplane.api.model.TaskLease;
import dev.unicore.controlplane.api.model.TaskResult;
import dev.unicore.controlplane.api.model.Worker;
import dev.unicore.controlplane.api.model.WorkerReference;
import dev.unicore.controlplane.api.model.WorkerRegistration;
import dev.unicore.controlplane.problems.ApiException;
import dev.unicore.controlplane.problems.ProblemType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** The workers' routes of the contract. */
@RestController
class WorkerController implements WorkersApi {
  private final WorkerService workers;
  private final JsonMapper json;

  WorkerController(WorkerService workers, JsonMapper json) {
    this.workers = workers;
    this.json = json;
  }

  @Override
  public ResponseEntity<Worker> registerWorker(WorkerRegistration registration) {
    long id =
        workers.register(
            registration.getName(),
            registration.getPlatforms(),
            registration.getArchitectures(),
            registration.getCapacity() == null ? 0 : registration.getCapacity());
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(
            new Worker(
                id,
                registration.getName(),
                registration.getPlatforms(),
                registration.getArchitectures(),
                registration.getCapacity()));
  }

  @Override
  public ResponseEntity<List<Worker>> listWorkers() {
    return ResponseEntity.ok(
        workers.list().stream()
            .map(
                view -> {
                  Worker worker =
                      new Worker(
                          view.id(),
                          view.name(),
                          view.platforms(),
                          view.architectures(),
                          view.capacity());
                  worker.setLastSeenAt(BuildController.utc(view.lastSeenAt()));
                  worker.setActiveTasks(view.activeTasks());
                  return worker;
                })
            .toList());
  }

  @Override
  public ResponseEntity<TaskLease> leaseTask(Long id, Integer waitSeconds) {
    Optional<WorkerService.Lease> lease;
    try {
      lease = workers.lease(id, Duration.ofSeconds(waitSeconds == null ? 0 : waitSeconds));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ResponseEntity.noContent().build();
    }
    return lease
        .map(
            granted -> {
              TaskQueue.TaskWork work = granted.work();
              TaskLease model =
                  new TaskLease(
                      BuildController.toModel(granted.task()),
                      work.recipe(),
                      work.recipeVersion(),
                      json.readValue(work.plan(), TargetPlan.class),
                      work.commandLine());
              model.setApplication(work.application());
              model.setSource(work.source());
              return ResponseEntity.ok(model);
            })
        .orElseGet(() -> ResponseEntity.noContent().build());
  }

  @Override
  public ResponseEntity<Heartbeat> heartbeatTask(Long id, WorkerReference worker) {
    TaskQueue.HeartbeatOutcome outcome = workers.heartbeat(id, worker.getWorkerId());
    return ResponseEntity.ok(
        new Heartbeat(BuildController.utc(outcome.leaseExpiresAt()), outcome.cancelled()));
  }

  @Override
  public ResponseEntity<Void> appendTaskLog(Long id, LogLines lines) {
    if (lines.getWorkerId() == null || lines.getLines() == null) {
      throw new ApiException(ProblemType.MALFORMED_REQUEST, "`workerId` and `lines` are required");
    }
    workers.appendLog(id, lines.getWorkerId(), lines.getLines());
    return ResponseEntity.noContent().build();
  }

  @Override
  public ResponseEntity<Task> completeTask(Long id, TaskResult result) {
    TaskView task =
        workers.complete(
            id,
            result.getWorkerId(),
            new TaskQueue.TaskOutcome(
                result.getOutcome() == TaskResult.OutcomeEnum.SUCCEEDED,
                result.getImageDigest(),
                result.getKernelSizeBytes(),
                result.getDurationMillis(),
                result.getReason()));
    return ResponseEntity.ok(BuildController.toModel(task));
  }
}
