package dev.unicore.controlplane.builds;

import dev.unicore.controlplane.api.BuildsApi;
import dev.unicore.controlplane.api.model.Build;
import dev.unicore.controlplane.api.model.BuildRequest;
import dev.unicore.controlplane.api.model.Task;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** The build routes of the contract. */
@RestController
class BuildController implements BuildsApi {
  private final BuildService builds;

  BuildController(BuildService builds) {
    this.builds = builds;
  }

  @Override
  public ResponseEntity<Build> createBuild(BuildRequest request) {
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(
            toModel(
                builds.create(
                    request.getRecipe(),
                    request.getVersion(),
                    Boolean.TRUE.equals(request.getNoCache()))));
  }

  @Override
  public ResponseEntity<Build> getBuild(Long id) {
    return ResponseEntity.ok(toModel(builds.get(id)));
  }

  @Override
  public ResponseEntity<Build> cancelBuild(Long id) {
    return ResponseEntity.ok(toModel(builds.cancel(id)));
  }

  @Override
  public ResponseEntity<String> getTaskLog(Long id) {
    return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(builds.log(id));
  }

  @Override
  public ResponseEntity<List<Build>> listBuilds(Integer page, Integer size) {
    return ResponseEntity.ok(
        builds.list(page, size).stream().map(BuildController::toModel).toList());
  }

  static Build toModel(BuildView build) {
    return new Build(
        build.id(),
        build.recipe(),
        build.recipeVersion(),
        Build.StateEnum.fromValue(build.state()),
        utc(build.createdAt()),
        build.tasks().stream().map(BuildController::toModel).toList());
  }

  static Task toModel(TaskView view) {
    Task task =
        new Task(
            view.id(),
            view.buildId(),
            view.target(),
            Task.StateEnum.fromValue(view.state()),
            view.attempts());
    task.setWorkerId(view.workerId());
    task.setLeaseExpiresAt(utc(view.leaseExpiresAt()));
    task.setCancelRequested(view.cancelRequested());
    task.setImageDigest(view.imageDigest());
    task.setKernelSizeBytes(view.kernelSizeBytes());
    task.setDurationMillis(view.durationMillis());
    task.setFailureReason(view.failureReason());
    task.setCachedFrom(view.cachedFrom());
    return task;
  }

  static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
