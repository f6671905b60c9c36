package dev.unicore.controlplane.builds;

import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Wakes the long-polling leases of this control plane as soon as tasks are queued here, instead of
 * at their next poll. Tasks queued by another replica (or put back by the reaper) are still found
 * by the poll; this only cuts the wait for the common case. A waiter reads the generation before it
 * looks at the queue, so a signal between its look and its wait is never missed.
 */
@Component
class QueueSignal {
  private long generation;

  synchronized long generation() {
    return generation;
  }

  /** Tasks were committed to the queue. */
  synchronized void queued() {
    generation++;
    notifyAll();
  }

  /** Waits until a signal after {@code seen}, or at most {@code timeout}. */
  synchronized void awaitAfter(long seen, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long remaining;
    while (generation == seen && (remaining = deadline - System.nanoTime()) > 0) {
      wait(Math.max(1, remaining / 1_000_000));
    }
  }
}
