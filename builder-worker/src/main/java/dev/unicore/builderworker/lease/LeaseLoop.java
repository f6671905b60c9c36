package dev.unicore.builderworker.lease;

import dev.unicore.builderworker.probe.Toolchain;
import dev.unicore.client.invoker.ApiException;
import dev.unicore.client.model.TaskLease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The worker's main loop: registers with the control plane (retrying until it answers), then runs
 * one thread per unit of capacity, each leasing a task (long poll), running it, and leasing the
 * next.
 *
 * <p>Shutdown drains: no new leases are requested, running tasks get {@code drainTimeout} to
 * finish, and those still running then are handed back — their build is killed and their lease is
 * left to expire, which puts them back in the queue for another worker.
 */
public class LeaseLoop implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(LeaseLoop.class);

  private final TaskServices services;
  private final Map<Long, TaskExecution> running = new ConcurrentHashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean draining;
  private volatile boolean started;

  LeaseLoop(TaskServices services) {
    this.services = services;
  }

  @Override
  public synchronized void start() {
    started = true;
    Thread registration = new Thread(this::registerThenLease, "worker-registration");
    registration.setDaemon(true);
    registration.start();
  }

  public boolean draining() {
    return draining;
  }

  public int runningTasks() {
    return running.size();
  }

  private void registerThenLease() {
    Toolchain toolchain = services.toolchain();
    WorkerProperties properties = services.properties();
    List<String> platforms =
        properties.platforms().isEmpty()
            ? toolchain.platforms()
            : toolchain.platforms().stream().filter(properties.platforms()::contains).toList();
    long backoff = 500;
    while (!draining) {
      try {
        long id =
            services
                .controlPlane()
                .register(
                    properties.name(), platforms, toolchain.architectures(), properties.capacity());
        log.info(
            "Registered with {} as worker {} ({}): platforms {}, architectures {}, capacity {}; {}",
            properties.controlPlaneUrl(),
            id,
            properties.name(),
            platforms,
            toolchain.architectures(),
            properties.capacity(),
            toolchain.versions());
        break;
      } catch (ApiException e) {
        log.warn("Cannot register with {} yet: {}", properties.controlPlaneUrl(), describe(e));
        sleep(backoff);
        backoff = Math.min(10_000, backoff * 2);
      }
    }
    synchronized (this) {
      for (int slot = 0; slot < properties.capacity() && !draining; slot++) {
        int taskSlot = slot;
        Thread thread = new Thread(() -> leaseAndRun(taskSlot), "worker-slot-" + slot);
        threads.add(thread);
        thread.start();
      }
    }
  }

  private void leaseAndRun(int slot) {
    long backoff = 500;
    while (!draining) {
      Optional<TaskLease> lease;
      try {
        lease = services.controlPlane().lease(services.properties().leaseWait());
        backoff = 500;
      } catch (ApiException e) {
        log.warn("Leasing failed: {}", describe(e));
        sleep(backoff);
        backoff = Math.min(10_000, backoff * 2);
        continue;
      }
      if (lease.isEmpty()) {
        continue;
      }
      TaskExecution execution = new TaskExecution(lease.get(), slot, services);
      running.put(execution.taskId(), execution);
      try {
        execution.run();
      } finally {
        running.remove(execution.taskId());
      }
    }
  }

  @Override
  public void stop() {
    draining = true;
    long deadline = System.nanoTime() + services.properties().drainTimeout().toNanos();
    List<Thread> slots;
    synchronized (this) {
      slots = List.copyOf(threads);
    }
    log.info("Draining: no new leases; {} task(s) running", running.size());
    for (Thread thread : slots) {
      long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      try {
        thread.join(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (!running.isEmpty()) {
      log.warn(
          "Drain timeout: handing back {} task(s) {}; their leases will expire and the control"
              + " plane will queue them again",
          running.size(),
          running.keySet());
      running.values().forEach(TaskExecution::handBack);
      for (Thread thread : slots) {
        try {
          thread.join(Duration.ofSeconds(15).toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    services.scheduler().shutdownNow();
    started = false;
  }

  @Override
  public boolean isRunning() {
    return started;
  }

  /** Stops before the web server, so health reports the drain while it lasts. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE;
  }

  private static String describe(ApiException e) {
    return e.getCode() == 0
        ? String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause())
        : "HTTP " + e.getCode() + " " + e.getResponseBody();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
