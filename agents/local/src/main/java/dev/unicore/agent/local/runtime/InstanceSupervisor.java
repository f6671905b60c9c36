package dev.unicore.agent.local.runtime;

import dev.unicore.agent.local.files.Trees;
import dev.unicore.agent.local.image.ImageException;
import dev.unicore.agent.local.image.KernelSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one instance for as long as it is wanted, on a thread of its own: gets the kernel (pulled
 * and verified), starts the process, reads its console (start marker: {@code running}), waits for
 * it to end, and applies the restart policy with exponential back-off. {@link #stop()} ends the
 * process (SIGTERM, SIGKILL after the grace period) and deletes the instance's folder; then the
 * supervisor is {@linkplain InstanceStatus#terminated() terminated}.
 *
 * <p>The thread that starts the processes is this supervisor's own and lives until the last one is
 * gone, which is what {@code setpriv --pdeathsig} needs (the signal follows the death of the
 * starting thread). A failed or finished instance keeps its folder (console log) until stopped.
 *
 * <p>Locking: the fields the reporter reads are guarded by {@code this}; the process handle too, so
 * {@link #stop()} never misses a process that is being started.
 */
public final class InstanceSupervisor {
  private static final Logger log = LoggerFactory.getLogger(InstanceSupervisor.class);

  private final InstanceSpec spec;
  private final Path directory;
  private final KernelSource kernels;
  private final Launcher launcher;
  private final RuntimeSettings settings;
  private final Runnable onChange;
  private final ConsoleRecorder console;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final Thread thread;
  private final long assignedAt = System.nanoTime();

  private InstanceState state = InstanceState.STARTING;
  private int restarts;
  private Integer exitStatus;
  private boolean terminated;
  private Process process;

  /**
   * @param directory the instance's own folder (console log); deleted when it stops
   * @param onChange called (on the supervisor's thread) whenever the reported state changes
   */
  public InstanceSupervisor(
      InstanceSpec spec,
      Path directory,
      KernelSource kernels,
      RuntimeSettings settings,
      Runnable onChange) {
    this.spec = spec;
    this.directory = directory;
    this.kernels = kernels;
    this.launcher = new Launcher(settings);
    this.settings = settings;
    this.onChange = onChange;
    this.console =
        new ConsoleRecorder(
            settings.tailBytes(), directory.resolve("console.log"), settings.logBytes());
    this.thread = new Thread(this::supervise, "instance-" + spec.id());
    this.thread.setDaemon(true);
  }

  public InstanceSpec spec() {
    return spec;
  }

  public void start() {
    thread.start();
  }

  public synchronized InstanceStatus status() {
    return new InstanceStatus(state, restarts, exitStatus, console.tail(), terminated);
  }

  /** The running process's id, when one runs (for tests and the benchmark). */
  public synchronized java.util.OptionalLong pid() {
    return process != null && process.isAlive()
        ? java.util.OptionalLong.of(process.pid())
        : java.util.OptionalLong.empty();
  }

  /** Asks the instance to stop; returns at once. Idempotent. */
  public void stop() {
    Process current;
    synchronized (this) {
      if (stopRequested.getCount() == 0) {
        return;
      }
      stopRequested.countDown();
      current = process;
    }
    if (current != null) {
      current.destroy();
      CompletableFuture.delayedExecutor(settings.stopGrace().toMillis(), TimeUnit.MILLISECONDS)
          .execute(
              () -> {
                if (current.isAlive()) {
                  current.destroyForcibly();
                }
              });
    }
  }

  public boolean stopping() {
    return stopRequested.getCount() == 0;
  }

  /** Waits until the process is gone and the folder deleted. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    thread.join(Math.max(1, timeout.toMillis()));
    return !thread.isAlive();
  }

  private void supervise() {
    try {
      Path kernel = kernel();
      if (kernel != null) {
        runUntilDone(kernel);
      }
      stopRequested.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("instance {} ({}): supervisor failed", spec.id(), spec.deployment(), e);
      console.note("the agent failed supervising this instance: " + e);
      setState(InstanceState.FAILED);
      awaitStopQuietly();
    } finally {
      cleanUp();
    }
  }

  /** The kernel, retrying with back-off while the registry cannot give it; null when refused. */
  private Path kernel() throws InterruptedException {
    int attempts = 0;
    while (!stopping()) {
      try {
        return kernels.kernel(spec.repository(), spec.imageDigest(), spec.platform());
      } catch (ImageException e) {
        if (e.refused()) {
          log.warn(
              "instance {} ({}): image refused: {}", spec.id(), spec.deployment(), e.getMessage());
          console.note(
              "image "
                  + spec.repository()
                  + "@"
                  + spec.imageDigest()
                  + " refused: "
                  + e.getMessage());
          setState(InstanceState.FAILED);
          return null;
        }
        Duration delay = settings.backoff(++attempts);
        log.warn("instance {}: cannot pull its image yet: {}", spec.id(), e.getMessage());
        console.note(
            "cannot pull the image yet ("
                + e.getMessage()
                + "); trying again in "
                + seconds(delay));
        onChange.run();
        if (stopRequested.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
          return null;
        }
      }
    }
    return null;
  }

  private void runUntilDone(Path kernel) throws InterruptedException {
    int failuresInARow = 0;
    while (!stopping()) {
      long startedAt = System.nanoTime();
      Integer status = runOnce(kernel);
      if (stopping()) {
        return;
      }
      Duration lasted = Duration.ofNanos(System.nanoTime() - startedAt);
      failuresInARow = lasted.compareTo(settings.backoffReset()) >= 0 ? 1 : failuresInARow + 1;
      boolean clean = status != null && status == 0;
      boolean restart =
          switch (spec.restartPolicy()) {
            case ALWAYS -> true;
            case ON_FAILURE -> !clean && failuresInARow <= settings.maxRestarts();
            case NEVER -> false;
          };
      if (!restart) {
        if (clean) {
          console.note("ended with status 0; restart policy " + policy() + ": not restarting");
          setState(InstanceState.STOPPED);
        } else {
          console.note(
              "restart policy "
                  + policy()
                  + (spec.restartPolicy() == RestartPolicy.ON_FAILURE
                      ? " gave up after " + settings.maxRestarts() + " restarts in a row"
                      : ": not restarting")
                  + "; failed");
          setState(InstanceState.FAILED);
        }
        return;
      }
      Duration delay = settings.backoff(failuresInARow);
      console.note("restarting in " + seconds(delay) + " (restart policy " + policy() + ")");
      setState(InstanceState.STARTING);
      if (stopRequested.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
      synchronized (this) {
        restarts++;
      }
    }
  }

  /** One run of the process; its status (marker, else exit code), null when it could not start. */
  private Integer runOnce(Path kernel) throws InterruptedException {
    Process started;
    try {
      Files.createDirectories(directory);
      console.newRun();
      synchronized (this) {
        if (stopping()) {
          return null;
        }
        started = launcher.start(spec, kernel, directory);
        process = started;
      }
    } catch (IOException e) {
      console.note("cannot start the process: " + e.getMessage());
      log.warn("instance {}: cannot start: {}", spec.id(), e.toString());
      return null;
    }
    log.info("instance {} ({}): started process {}", spec.id(), spec.deployment(), started.pid());
    byte[] buffer = new byte[8192];
    try (InputStream output = started.getInputStream()) {
      int count;
      while ((count = output.read(buffer)) > 0) {
        if (console.accept(buffer, 0, count)) {
          running();
        }
      }
    } catch (IOException e) {
      // The process went away while we read; what came is the console.
    }
    if (console.finish()) {
      running();
    }
    int exitCode = started.waitFor();
    synchronized (this) {
      process = null;
    }
    if (stopping()) {
      return null;
    }
    OptionalInt marker = console.exitStatus();
    Integer status = marker.isPresent() ? marker.getAsInt() : exitCode;
    if (marker.isPresent()) {
      console.note("exited with status " + status);
    } else {
      console.note(
          "ended without an exit marker, process exit code "
              + exitCode
              + (exitCode > 128 ? " (killed by signal " + (exitCode - 128) + "?)" : ""));
    }
    log.info(
        "instance {} ({}): process {} ended, status {}",
        spec.id(),
        spec.deployment(),
        started.pid(),
        status);
    synchronized (this) {
      exitStatus = status;
    }
    onChange.run();
    return status;
  }

  private void running() {
    int restartsSoFar;
    synchronized (this) {
      restartsSoFar = restarts;
    }
    if (restartsSoFar == 0) {
      log.info(
          "instance {} ({}): running, {} ms after it was assigned",
          spec.id(),
          spec.deployment(),
          String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - assignedAt) / 1e6));
    } else {
      log.info(
          "instance {} ({}): running again (restart {})",
          spec.id(),
          spec.deployment(),
          restartsSoFar);
    }
    setState(InstanceState.RUNNING);
  }

  private void cleanUp() {
    Process current;
    synchronized (this) {
      current = process;
    }
    if (current != null) {
      terminate(current);
    }
    console.close();
    try {
      Trees.delete(directory);
    } catch (UncheckedIOException e) {
      log.warn("instance {}: cannot delete {}: {}", spec.id(), directory, e.getCause().toString());
    }
    synchronized (this) {
      process = null;
      terminated = true;
      state = InstanceState.STOPPED;
    }
    log.info("instance {} ({}): stopped, files deleted", spec.id(), spec.deployment());
    onChange.run();
  }

  private void terminate(Process current) {
    current.descendants().forEach(ProcessHandle::destroy);
    current.destroy();
    try {
      if (!current.waitFor(settings.stopGrace().toMillis(), TimeUnit.MILLISECONDS)) {
        current.descendants().forEach(ProcessHandle::destroyForcibly);
        current.destroyForcibly();
        current.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      current.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitStopQuietly() {
    try {
      stopRequested.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void setState(InstanceState next) {
    boolean changed;
    synchronized (this) {
      changed = state != next;
      state = next;
    }
    if (changed) {
      onChange.run();
    }
  }

  private String policy() {
    return spec.restartPolicy().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  private static String seconds(Duration delay) {
    return String.format(java.util.Locale.ROOT, "%.1f s", delay.toMillis() / 1000.0);
  }
}
