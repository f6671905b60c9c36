package dev.unicore.agent.local.it;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or a generous deadline passes (never a speed assertion). */
final class Waits {
  private Waits() {}

  static void until(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + what);
      }
      Thread.sleep(25);
    }
  }
}
