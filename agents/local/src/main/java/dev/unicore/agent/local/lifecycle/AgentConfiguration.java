package dev.unicore.agent.local.lifecycle;

import dev.unicore.agent.local.controlplane.RestControlPlane;
import dev.unicore.agent.local.image.ImageStore;
import dev.unicore.agent.local.image.RegistrySettings;
import dev.unicore.agent.local.reconcile.ControlPlane.Registration;
import dev.unicore.agent.local.runtime.Accelerator;
import dev.unicore.agent.local.runtime.RuntimeSettings;
import java.io.File;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the agent from its properties and the machine it finds: QEMU's presence decides whether
 * {@code qemu} is offered, {@code /dev/kvm} and a probe decide the accelerator, {@code setpriv}
 * whether children get a parent-death signal. The agent starts with the context and stops (every
 * instance with it) when the context closes, which SIGTERM does.
 */
@Configuration(proxyBeanMethods = false)
class AgentConfiguration {
  private static final Logger log = LoggerFactory.getLogger(AgentConfiguration.class);
  private static final String QEMU = "qemu-system-x86_64";

  @Bean(destroyMethod = "close")
  LocalAgent localAgent(AgentProperties properties) {
    List<String> platforms = new ArrayList<>(properties.platforms());
    if (platforms.contains("qemu") && onPath(QEMU) == null) {
      log.warn("{} is not installed: this agent does not offer the qemu platform", QEMU);
      platforms.remove("qemu");
    }
    String accelerator =
        platforms.contains("qemu")
            ? Accelerator.choose(
                properties.qemu().accelerator(), Path.of("/dev/kvm"), Accelerator.qemuProbe(QEMU))
            : "tcg";
    boolean setpriv = onPath("setpriv") != null;
    if (!setpriv) {
      log.warn("setpriv is not installed: instances outlive an agent that is killed (SIGKILL)");
    }
    RuntimeSettings runtime =
        new RuntimeSettings(
            properties.qemu().machine(),
            accelerator,
            properties.restart().backoffBase(),
            properties.restart().backoffMax(),
            properties.restart().backoffReset(),
            properties.restart().maxRestarts(),
            properties.stopGrace(),
            properties.console().tailBytes(),
            properties.console().logBytes(),
            setpriv);
    RegistrySettings registry =
        new RegistrySettings(
            properties.registry().url(),
            properties.registry().username(),
            properties.registry().password(),
            Duration.ofSeconds(30),
            properties.registry().maxBlobBytes());
    String name = properties.name().isEmpty() ? hostName() : properties.name();
    log.info(
        "agent {} (pool {}, platforms {}, capacity {}, accelerator {}), data in {}",
        name,
        properties.pool(),
        platforms,
        properties.capacity(),
        accelerator,
        properties.dataDirectory());
    return new LocalAgent(
            new RestControlPlane(
                properties.controlPlaneUrl(), properties.token(), Duration.ofSeconds(10)),
            new Registration(name, properties.pool(), platforms, properties.capacity()),
            new ImageStore(registry, properties.dataDirectory().resolve("images"))
                .removeUnfinishedPulls(),
            runtime,
            properties.dataDirectory(),
            properties.heartbeatInterval())
        .start();
  }

  private static Path onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String folder : path.split(File.pathSeparator)) {
      Path candidate = Path.of(folder, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "local-agent";
    }
  }
}
