package dev.unicore.builderworker.lease;

import dev.unicore.builderworker.cache.BuildCache;
import dev.unicore.builderworker.image.ImagePackager;
import dev.unicore.builderworker.image.ImagePublisher;
import dev.unicore.builderworker.image.RegistryClient;
import dev.unicore.builderworker.image.RegistryProperties;
import dev.unicore.builderworker.probe.Toolchain;
import dev.unicore.builderworker.sandbox.Sandbox;
import dev.unicore.builderworker.sandbox.SandboxProperties;
import dev.unicore.resolver.manifest.CatalogLoader;
import dev.unicore.resolver.toml.DefinitionException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the worker at start: probes the toolchain against the catalog of the configured unikernel
 * tree, checks that the sandbox works here, prepares the work folder. Any problem stops the start
 * with a message that says what to fix.
 */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

  @Bean
  TaskServices taskServices(
      WorkerProperties properties,
      SandboxProperties sandboxProperties,
      RegistryProperties registryProperties,
      MeterRegistry meterRegistry)
      throws IOException {
    Path root = properties.unikernelRoot().toAbsolutePath().normalize();
    if (!Files.isRegularFile(root.resolve("Makefile"))) {
      throw new IllegalStateException(
          "unicore.worker.unikernel-root "
              + root
              + " is not a unikernel tree (no Makefile); point it at the repository's unikernel/");
    }
    Toolchain toolchain;
    try {
      toolchain = Toolchain.probe(CatalogLoader.load(root));
    } catch (DefinitionException e) {
      throw new IllegalStateException(
          "the catalog of " + root + " is malformed: " + e.getMessage(), e);
    }
    if (toolchain.platforms().isEmpty()) {
      throw new IllegalStateException(
          "this machine cannot build anything: no gcc and make, or no platform of the catalog"
              + " supports its architecture ("
              + toolchain.versions()
              + ")");
    }
    Path work = properties.workDirectory().toAbsolutePath().normalize();
    Files.createDirectories(work);
    // Builds run as other users: they may pass through the work folder, not list it.
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
    Files.createDirectories(work.resolve("tasks"));
    Files.setPosixFilePermissions(
        work.resolve("tasks"), PosixFilePermissions.fromString("rwx--x--x"));
    Sandbox sandbox = new Sandbox(sandboxProperties);
    sandbox.check();
    Optional<BuildCache> cache =
        properties.cache() ? Optional.of(new BuildCache(work.resolve("cache"))) : Optional.empty();
    ImagePackager packager = new ImagePackager();
    RegistryClient registry =
        new RegistryClient(
            registryProperties.url(), registryProperties.username(), registryProperties.password());
    ScheduledExecutorService scheduler =
        Executors.newScheduledThreadPool(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "worker-heartbeats");
              thread.setDaemon(true);
              return thread;
            });
    WorkerProperties absolute =
        new WorkerProperties(
            properties.controlPlaneUrl(),
            properties.token(),
            properties.name(),
            properties.capacity(),
            root,
            work,
            properties.jobs(),
            properties.leaseWait(),
            properties.drainTimeout(),
            properties.smokeBoot(),
            properties.smokeTimeout(),
            properties.cache(),
            properties.platforms());
    return new TaskServices(
        absolute,
        sandboxProperties,
        new ControlPlane(absolute),
        sandbox,
        cache,
        packager,
        new ImagePublisher(registry, packager, registryProperties.repositoryPrefix()),
        toolchain,
        new WorkerMetrics(meterRegistry),
        scheduler);
  }

  @Bean
  LeaseLoop leaseLoop(TaskServices services) {
    return new LeaseLoop(services);
  }

  @Bean
  WorkerHealth workerHealth(TaskServices services, LeaseLoop loop) {
    return new WorkerHealth(services.controlPlane(), loop);
  }
}
