package dev.unicore.controlplane.builds;

import java.time.Instant;
import java.util.List;

/** A build with its tasks; its state derives from theirs. */
public record BuildView(
    long id, String recipe, int recipeVersion, Instant createdAt, List<TaskView> tasks) {

  /**
   * Running while any task is leased or running, queued while tasks only wait; once every task has
   * ended: failed if any failed, else cancelled if any was cancelled, else succeeded.
   */
  public String state() {
    if (tasks.stream().anyMatch(TaskView::active)) {
      return tasks.stream().anyMatch(t -> t.state().equals("leased") || t.state().equals("running"))
          ? "running"
          : "queued";
    }
    if (tasks.stream().anyMatch(t -> t.state().equals("failed"))) {
      return "failed";
    }
    if (tasks.stream().anyMatch(t -> t.state().equals("cancelled"))) {
      return "cancelled";
    }
    return "succeeded";
  }
}
