package dev.unicore.agent.local.lifecycle;

import dev.unicore.agent.local.files.Trees;
import dev.unicore.agent.local.image.KernelSource;
import dev.unicore.agent.local.reconcile.AgentLoop;
import dev.unicore.agent.local.reconcile.ControlPlane;
import dev.unicore.agent.local.reconcile.ControlPlane.Registration;
import dev.unicore.agent.local.reconcile.Reconciler;
import dev.unicore.agent.local.runtime.InstanceSupervisor;
import dev.unicore.agent.local.runtime.RuntimeSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent put together: the heartbeat loop, the reconciler and one supervisor per instance, each
 * instance in its own folder under {@code <data>/instances/<id>}. Starting deletes what a previous
 * run of the agent left there (it may have been killed); {@link #close()} stops every instance,
 * waits until every process is gone, and deletes the instances' folder. The image cache ({@code
 * <data>/images}) stays: it is keyed by digest and valid across runs.
 */
public final class LocalAgent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalAgent.class);

  private final Reconciler reconciler;
  private final AgentLoop loop;
  private final Path instances;

  public LocalAgent(
      ControlPlane controlPlane,
      Registration registration,
      KernelSource kernels,
      RuntimeSettings settings,
      Path dataDirectory,
      Duration heartbeatInterval) {
    this.instances = dataDirectory.resolve("instances");
    AtomicReference<AgentLoop> loopReference = new AtomicReference<>();
    Runnable wake =
        () -> {
          AgentLoop current = loopReference.get();
          if (current != null) {
            current.wake();
          }
        };
    this.reconciler =
        new Reconciler(
            spec ->
                new InstanceSupervisor(
                    spec, instances.resolve(Long.toString(spec.id())), kernels, settings, wake));
    this.loop =
        new AgentLoop(
            controlPlane,
            reconciler,
            registration,
            heartbeatInterval,
            Duration.ofMillis(Math.min(100, heartbeatInterval.toMillis())));
    loopReference.set(loop);
  }

  /** Clears what an earlier run left behind, then starts heartbeating. */
  public LocalAgent start() {
    if (Files.exists(instances)) {
      log.info("deleting instance folders left by an earlier run in {}", instances);
      Trees.delete(instances);
    }
    try {
      Files.createDirectories(instances);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + instances, e);
    }
    loop.start();
    return this;
  }

  public Reconciler reconciler() {
    return reconciler;
  }

  public AgentLoop loop() {
    return loop;
  }

  @Override
  public void close() {
    log.info("stopping every instance");
    loop.close();
    Trees.delete(instances);
    log.info("every instance stopped, files deleted");
  }
}
