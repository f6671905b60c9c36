package dev.unicore.agent.local.runtime;

import java.util.Map;
import java.util.Objects;

/**
 * One instance the agent must run, as the control plane assigned it.
 *
 * @param id the instance's id, unique for the control plane's lifetime
 * @param deployment the deployment it belongs to (for logs)
 * @param repository the image's repository in the registry
 * @param imageDigest the image's digest: an image manifest, or an index holding one per platform
 * @param platform {@code qemu} or {@code linuxu}
 * @param memoryMiB the guest memory (QEMU)
 * @param cpus virtual CPUs asked for; the core boots one, so the agent gives it one
 * @param commandLine the application's arguments in the core's syntax; empty for the image's
 * @param environment environment variables of a linuxu process (QEMU guests have none)
 * @param restartPolicy when it is started again after it ended
 */
public record InstanceSpec(
    long id,
    String deployment,
    String repository,
    String imageDigest,
    String platform,
    int memoryMiB,
    int cpus,
    String commandLine,
    Map<String, String> environment,
    RestartPolicy restartPolicy) {
  public InstanceSpec {
    Objects.requireNonNull(deployment);
    Objects.requireNonNull(repository);
    Objects.requireNonNull(imageDigest);
    Objects.requireNonNull(platform);
    commandLine = commandLine == null ? "" : commandLine;
    environment = environment == null ? Map.of() : Map.copyOf(environment);
    Objects.requireNonNull(restartPolicy);
  }
}
