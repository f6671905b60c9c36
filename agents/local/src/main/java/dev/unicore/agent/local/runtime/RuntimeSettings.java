package dev.unicore.agent.local.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * How instances are run and supervised.
 *
 * @param machine the QEMU machine ({@code pc}, {@code q35}, {@code microvm})
 * @param accelerator {@code kvm} or {@code tcg}, as {@link Accelerator#choose} decided
 * @param backoffBase the delay before the first restart; each further restart in a row doubles it
 * @param backoffMax the longest delay between restarts
 * @param backoffReset a run that lasted this long starts the doubling again from the base
 * @param maxRestarts how many restarts in a row {@code on-failure} makes before giving up
 * @param stopGrace how long a stopped instance has between SIGTERM and SIGKILL
 * @param tailBytes the console tail's size in the report
 * @param logBytes the size at which an instance's console log is rotated (one old file is kept)
 * @param parentDeathSignal start every process under {@code setpriv --pdeathsig KILL} so it dies
 *     with the agent even when the agent is killed without a chance to stop it
 */
public record RuntimeSettings(
    String machine,
    String accelerator,
    Duration backoffBase,
    Duration backoffMax,
    Duration backoffReset,
    int maxRestarts,
    Duration stopGrace,
    int tailBytes,
    long logBytes,
    boolean parentDeathSignal) {
  public RuntimeSettings {
    Objects.requireNonNull(machine);
    Objects.requireNonNull(accelerator);
    Objects.requireNonNull(backoffBase);
    Objects.requireNonNull(backoffMax);
    Objects.requireNonNull(backoffReset);
    Objects.requireNonNull(stopGrace);
  }

  /** The delay before the restart that follows {@code failuresInARow} ended runs (1 or more). */
  public Duration backoff(int failuresInARow) {
    long millis = backoffBase.toMillis();
    for (int step = 1; step < failuresInARow && millis < backoffMax.toMillis(); step++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, backoffMax.toMillis()));
  }
}
