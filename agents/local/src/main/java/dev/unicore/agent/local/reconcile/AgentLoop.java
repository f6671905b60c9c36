package dev.unicore.agent.local.reconcile;

import dev.unicore.agent.local.reconcile.ControlPlane.Assignments;
import dev.unicore.agent.local.reconcile.ControlPlane.ControlPlaneException;
import dev.unicore.agent.local.reconcile.ControlPlane.InstanceReport;
import dev.unicore.agent.local.reconcile.ControlPlane.Registration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one conversation with the control plane, on one thread: register, then heartbeat
 * every {@code interval} (well within the lease) with the reports of every instance, and hand the
 * answer to the {@link Reconciler}. An instance whose state changes {@linkplain #wake() wakes} the
 * loop, so {@code running} or {@code failed} reaches the control plane at once rather than at the
 * next tick (at most one heartbeat per {@code minimumGap}).
 *
 * <p>When the control plane cannot be reached the instances keep running and the loop keeps trying;
 * when it no longer knows the agent (404) the agent registers anew under a new id, and its old
 * instances, absent from the new assignments, are stopped.
 */
public final class AgentLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AgentLoop.class);

  private final ControlPlane controlPlane;
  private final Reconciler reconciler;
  private final Registration registration;
  private final Duration interval;
  private final Duration minimumGap;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition signal = lock.newCondition();
  private final Thread thread;
  private boolean woken;
  private boolean closing;
  private volatile Long agentId;
  private volatile Instant leaseExpiresAt;
  private volatile long heartbeats;

  public AgentLoop(
      ControlPlane controlPlane,
      Reconciler reconciler,
      Registration registration,
      Duration interval,
      Duration minimumGap) {
    this.controlPlane = controlPlane;
    this.reconciler = reconciler;
    this.registration = registration;
    this.interval = interval;
    this.minimumGap = minimumGap;
    this.thread = new Thread(this::loop, "agent-heartbeat");
  }

  public void start() {
    thread.start();
  }

  /** Asks for a heartbeat soon (an instance changed state). */
  public void wake() {
    lock.lock();
    try {
      woken = true;
      signal.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The id the control plane gave this agent; null before registration. */
  public Long agentId() {
    return agentId;
  }

  public Instant leaseExpiresAt() {
    return leaseExpiresAt;
  }

  /** Heartbeats answered so far. */
  public long heartbeats() {
    return heartbeats;
  }

  private void loop() {
    int failuresInARow = 0;
    while (!isClosing()) {
      long began = System.nanoTime();
      boolean ok = beat(failuresInARow);
      if (ok && failuresInARow > 0) {
        log.info("the control plane answers again, after {} failed heartbeats", failuresInARow);
      }
      failuresInARow = ok ? 0 : failuresInARow + 1;
      Duration pause =
          ok ? interval : Duration.ofMillis(Math.min(interval.toMillis(), 250L * failuresInARow));
      if (!await(pause, Duration.ofNanos(System.nanoTime() - began))) {
        return;
      }
    }
  }

  /** One heartbeat; a failure is logged as a warning once per streak of failures. */
  private boolean beat(int failuresSoFar) {
    try {
      if (agentId == null) {
        agentId = controlPlane.register(registration);
        log.info("registered with the control plane as agent {}", agentId);
      }
      List<InstanceReport> reports = reconciler.reports();
      Assignments assignments = controlPlane.heartbeat(agentId, reports);
      heartbeats++;
      leaseExpiresAt = assignments.leaseExpiresAt();
      reconciler.acknowledge(reports);
      reconciler.apply(assignments.instances());
      return true;
    } catch (ControlPlaneException e) {
      if (e.agentUnknown()) {
        log.warn("the control plane no longer knows agent {}; registering again", agentId);
        agentId = null;
      } else if (failuresSoFar == 0) {
        log.warn("heartbeat failed: {}; retrying, instances keep running", e.getMessage());
      } else {
        log.debug("heartbeat failed again: {}", e.getMessage());
      }
      return false;
    } catch (RuntimeException e) {
      log.error("heartbeat failed", e);
      return false;
    }
  }

  /** Waits for the pause or a wake-up (not sooner than the minimum gap); false when closing. */
  private boolean await(Duration pause, Duration spent) {
    long now = System.nanoTime();
    long deadline = now + Math.max(0, pause.minus(spent).toNanos());
    long earliest = now + Math.max(0, minimumGap.minus(spent).toNanos());
    lock.lock();
    try {
      while (!closing) {
        long current = System.nanoTime();
        if (woken && current >= earliest) {
          woken = false;
          return true;
        }
        if (current >= deadline) {
          woken = false;
          return true;
        }
        long wait = (woken ? earliest : deadline) - current;
        signal.awaitNanos(wait);
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  private boolean isClosing() {
    lock.lock();
    try {
      return closing;
    } finally {
      lock.unlock();
    }
  }

  /** Stops heartbeating, then stops every instance and waits until they are gone. */
  @Override
  public void close() {
    lock.lock();
    try {
      closing = true;
      signal.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    reconciler.close();
  }
}
