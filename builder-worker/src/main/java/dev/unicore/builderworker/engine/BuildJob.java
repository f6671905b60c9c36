package dev.unicore.builderworker.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one sandboxed build does: the plan the control plane resolved (libraries in initialization
 * order, with versions and option values), where the sources are, where the kernel goes, and
 * whether to smoke-boot it. The worker makes it from the lease; the engine ({@link SandboxedBuild})
 * builds it.
 *
 * @param unikernelRoot the {@code unikernel/} tree holding the Makefile and the libraries
 * @param outputDirectory the folder the kernel is built into
 * @param applicationName the application's name
 * @param applicationDirectory the task's private copy of the application's sources
 * @param commandLine the default command line compiled into the image
 * @param target {@code platform/architecture}
 * @param jobs compiler processes make may run at once
 * @param libraries the resolved libraries, in initialization order
 * @param smokeBoot true to boot the kernel after building it
 * @param smokeTimeout how long the smoke boot may take to reach the start marker and stop
 */
public record BuildJob(
    Path unikernelRoot,
    Path outputDirectory,
    String applicationName,
    Path applicationDirectory,
    String commandLine,
    String target,
    int jobs,
    List<Library> libraries,
    boolean smokeBoot,
    Duration smokeTimeout) {

  public BuildJob {
    Objects.requireNonNull(unikernelRoot);
    Objects.requireNonNull(outputDirectory);
    Objects.requireNonNull(applicationName);
    Objects.requireNonNull(applicationDirectory);
    Objects.requireNonNull(commandLine);
    Objects.requireNonNull(target);
    libraries = List.copyOf(libraries);
    Objects.requireNonNull(smokeTimeout);
  }

  /**
   * One library of the plan.
   *
   * @param name the library's name
   * @param version the version the control plane resolved
   * @param reason why the resolver selected it, as the control plane words it
   * @param options every option value: {@link Boolean}, {@link Long} or {@link String}
   */
  public record Library(String name, String version, String reason, Map<String, Object> options) {
    public Library {
      Objects.requireNonNull(name);
      Objects.requireNonNull(version);
      Objects.requireNonNull(reason);
      options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }
  }
}
