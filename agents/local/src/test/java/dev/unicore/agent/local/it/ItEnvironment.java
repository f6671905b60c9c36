package dev.unicore.agent.local.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
  final String serviceIndex;
  final byte[] helloLinuxuKernel;

  /**
   * The test class path without the control plane's and the registry's own classes (they are on it
   * only to order the reactor): an agent JVM started with it reads only its own configuration.
   */
  static String agentClassPath() {
    return java.util.Arrays.stream(
            System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(
            entry ->
                !entry.contains("image-registry")
                    && !entry.matches(".*control-plane(/target|-\\d).*"))
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  }

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
    serviceIndex =
        registry.pushIndex("apps/hello-service", "build-1", List.of(serviceQemu, serviceLinuxu));
  }
}
