package dev.unicore.controlplane.builds;

import java.time.Instant;

/** A task as the API shows it. */
public record TaskView(
    long id,
    long buildId,
    String target,
    String state,
    int attempts,
    Long workerId,
    Instant leaseExpiresAt,
    boolean cancelRequested,
    String imageDigest,
    Long kernelSizeBytes,
    Long durationMillis,
    String failureReason,
    Long cachedFrom) {

  public boolean active() {
    return state.equals("queued") || state.equals("leased") || state.equals("running");
  }
}
