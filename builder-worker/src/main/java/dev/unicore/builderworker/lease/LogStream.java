package dev.unicore.builderworker.lease;

import dev.unicore.client.invoker.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a task's build log to the control plane as it is written: one thread takes each line as it
 * comes and sends it together with whatever else is waiting by then (at most 1,000 lines, each cut
 * at 8,192 characters: the contract's limits), so a quiet build sends line by line and a chatty one
 * in batches. {@link #close()} sends the rest; a failing send is retried, then dropped with a
 * warning: the log must never stop a build.
 */
final class LogStream implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LogStream.class);
  private static final int MAX_LINES = 1000;
  private static final int MAX_LINE_LENGTH = 8192;
  private static final String END = new String("end of log");

  private final ControlPlane controlPlane;
  private final long taskId;
  private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
  private final Thread sender;
  private volatile boolean leaseLost;

  LogStream(ControlPlane controlPlane, long taskId) {
    this.controlPlane = controlPlane;
    this.taskId = taskId;
    this.sender = new Thread(this::send, "log-task-" + taskId);
    sender.setDaemon(true);
    sender.start();
  }

  void line(String line) {
    queue.add(line.length() > MAX_LINE_LENGTH ? line.substring(0, MAX_LINE_LENGTH) : line);
  }

  /** True when the control plane refused a batch because the lease is gone. */
  boolean leaseLost() {
    return leaseLost;
  }

  @Override
  public void close() {
    queue.add(END);
    try {
      sender.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void send() {
    boolean ended = false;
    while (!ended) {
      List<String> batch = new ArrayList<>();
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(batch, MAX_LINES - 1);
      // Identity comparison: only the marker object ends the stream, never a log line.
      ended = batch.removeIf(line -> line == END);
      if (!batch.isEmpty() && !leaseLost) {
        post(batch);
      }
    }
  }

  private void post(List<String> batch) {
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        controlPlane.appendLog(taskId, batch);
        return;
      } catch (ApiException e) {
        if (e.getCode() == 409 || e.getCode() == 404) {
          leaseLost = true;
          return;
        }
        if (attempt == 3) {
          log.warn("Dropped {} log lines of task {}: {}", batch.size(), taskId, e.getMessage());
        }
      }
    }
  }
}
