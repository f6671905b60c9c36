package dev.unicore.agent.local.it;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the integration tests share, started once per test JVM: the registry process and the images
 * pushed to it (hello-service for both platforms, a long-running service; hello for linuxu, which
 * exits).
 */
final class ItEnvironment {
  private static ItEnvironment instance;

  final Path directory;
  final TestRegistry registry;
  final TestRegistry.Pushed serviceQemu;
  final TestRegistry.Pushed serviceLinuxu;
  final TestRegistry.Pushed helloLinuxu;
  final byte[] helloLinuxuKernel;

  static synchronized ItEnvironment get() throws Exception {
    if (instance == null) {
      instance = new ItEnvironment();
      Runtime.getRuntime().addShutdownHook(new Thread(instance.registry::close));
    }
    return instance;
  }

  private ItEnvironment() throws Exception {
    directory = Files.createTempDirectory("local-agent-it-");
    registry = TestRegistry.start(directory);
    serviceQemu =
        registry.push(
            "apps/hello-service",
            "qemu",
            "qemu",
            "hello-service",
            TestKernels.build("hello-service", "qemu"));
    serviceLinuxu =
        registry.push(
            "apps/hello-service",
            "linuxu",
            "linuxu",
            "hello-service",
            TestKernels.build("hello-service", "linuxu"));
    helloLinuxuKernel = TestKernels.build("hello", "linuxu");
    helloLinuxu = registry.push("apps/hello", "linuxu", "linuxu", "hello", helloLinuxuKernel);
  }
}
