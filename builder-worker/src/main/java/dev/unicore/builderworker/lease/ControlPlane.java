package dev.unicore.builderworker.lease;

import dev.unicore.client.ControlPlaneClients;
import dev.unicore.client.api.SourcesApi;
import dev.unicore.client.api.WorkersApi;
import dev.unicore.client.invoker.ApiException;
import dev.unicore.client.model.Heartbeat;
import dev.unicore.client.model.LogLines;
import dev.unicore.client.model.TaskLease;
import dev.unicore.client.model.TaskResult;
import dev.unicore.client.model.WorkerReference;
import dev.unicore.client.model.WorkerRegistration;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The worker's side of the control plane's worker protocol, through the client generated from
 * {@code openapi/unicore.yaml}: register once, then lease, download the task's uploaded sources,
 * heartbeat, append log lines, report. Thread-safe once registered.
 */
public class ControlPlane {
  private final WorkersApi api;
  private final SourcesApi sources;
  private volatile long workerId = -1;

  public ControlPlane(WorkerProperties properties) {
    // A lease request waits up to leaseWait on the server; give it room beyond that.
    Duration timeout = properties.leaseWait().plusSeconds(30);
    var client =
        ControlPlaneClients.create(properties.controlPlaneUrl(), properties.token(), timeout);
    this.api = new WorkersApi(client);
    this.sources = new SourcesApi(client);
  }

  public long register(
      String name, List<String> platforms, List<String> architectures, int capacity)
      throws ApiException {
    workerId =
        api.registerWorker(
                new WorkerRegistration()
                    .name(name)
                    .platforms(platforms)
                    .architectures(architectures)
                    .capacity(capacity))
            .getId();
    return workerId;
  }

  public long workerId() {
    return workerId;
  }

  public boolean registered() {
    return workerId >= 0;
  }

  /** A task, or empty when none came within the wait (or the worker is at capacity). */
  public Optional<TaskLease> lease(Duration wait) throws ApiException {
    int seconds = (int) Math.min(30, Math.max(0, wait.toSeconds()));
    return Optional.ofNullable(api.leaseTask(workerId, seconds));
  }

  /**
   * The uploaded source archive {@code digest}, as uploaded. The generated client downloads it into
   * a temporary file, which is read and deleted here.
   */
  public byte[] source(String digest) throws ApiException, IOException {
    File download = sources.getSource(digest);
    try {
      return Files.readAllBytes(download.toPath());
    } finally {
      Files.deleteIfExists(download.toPath());
    }
  }

  public Heartbeat heartbeat(long taskId) throws ApiException {
    return api.heartbeatTask(taskId, new WorkerReference().workerId(workerId));
  }

  public void appendLog(long taskId, List<String> lines) throws ApiException {
    api.appendTaskLog(taskId, new LogLines().workerId(workerId).lines(lines));
  }

  public void succeeded(long taskId, String imageDigest, long kernelSizeBytes, long durationMillis)
      throws ApiException {
    api.completeTask(
        taskId,
        new TaskResult()
            .workerId(workerId)
            .outcome(TaskResult.OutcomeEnum.SUCCEEDED)
            .imageDigest(imageDigest)
            .kernelSizeBytes(kernelSizeBytes)
            .durationMillis(durationMillis));
  }

  public void failed(long taskId, String reason, long durationMillis) throws ApiException {
    api.completeTask(
        taskId,
        new TaskResult()
            .workerId(workerId)
            .outcome(TaskResult.OutcomeEnum.FAILED)
            .reason(reason)
            .durationMillis(durationMillis));
  }
}
