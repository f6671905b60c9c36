package dev.unicore.agent.kubernetes.reconcile;

import dev.unicore.agent.kubernetes.crd.UnikernelDeploymentSpec;
import dev.unicore.agent.kubernetes.crd.UnikernelDeploymentSpec.EnvironmentVariable;
import dev.unicore.agent.kubernetes.crd.UnikernelDeploymentSpec.ServicePort;
import dev.unicore.agent.kubernetes.registry.ImageReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a spec's values and fills in the defaults. The CRD's schema only checks types, so that a
 * bad value reaches the operator and becomes a condition naming every problem at once, instead of a
 * refusal the owner of a GitOps pipeline might never see.
 */
final class SpecCheck {
  static final Set<String> HYPERVISORS = Set.of("qemu", "firecracker");
  static final Set<String> RESTART_POLICIES = Set.of("Always", "OnFailure", "Never");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?");

  private SpecCheck() {}

  /** A spec with every value checked and defaulted. */
  record Desired(
      ImageReference image,
      int replicas,
      String hypervisor,
      int memoryMib,
      int vcpus,
      String commandLine,
      List<EnvironmentVariable> env,
      List<ServicePort> ports,
      String runtimeClassName,
      String restartPolicy) {
    boolean longRunning() {
      return restartPolicy.equals("Always");
    }
  }

  /** The checked spec, or every problem found. */
  record Result(Desired desired, List<String> problems) {
    boolean valid() {
      return problems.isEmpty();
    }
  }

  static Result check(UnikernelDeploymentSpec spec, String registryHost, String runtimeClass) {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      return new Result(null, List.of("the resource has no spec"));
    }
    ImageReference.Result image = ImageReference.parse(spec.image(), registryHost);
    if (image.error() != null) {
      problems.add(image.error());
    }
    int replicas = orDefault(spec.replicas(), 1);
    if (replicas < 0 || replicas > 100) {
      problems.add("`replicas` must be between 0 and 100, not " + replicas);
    }
    String hypervisor = spec.hypervisor() == null ? "qemu" : spec.hypervisor();
    if (!HYPERVISORS.contains(hypervisor)) {
      problems.add("`hypervisor` must be qemu or firecracker, not `" + hypervisor + "`");
    }
    int memory = orDefault(spec.memoryMiB(), 64);
    if (memory < 2 || memory > 65536) {
      problems.add("`memoryMiB` must be between 2 and 65536, not " + memory);
    }
    int vcpus = orDefault(spec.vcpus(), 1);
    if (vcpus < 1 || vcpus > 64) {
      problems.add("`vcpus` must be between 1 and 64, not " + vcpus);
    }
    String restartPolicy = spec.restartPolicy() == null ? "Always" : spec.restartPolicy();
    if (!RESTART_POLICIES.contains(restartPolicy)) {
      problems.add(
          "`restartPolicy` must be Always, OnFailure or Never, not `" + restartPolicy + "`");
    }
    List<EnvironmentVariable> env = spec.env() == null ? List.of() : spec.env();
    Set<String> names = new HashSet<>();
    for (EnvironmentVariable variable : env) {
      if (variable.name() == null || !ENV_NAME.matcher(variable.name()).matches()) {
        problems.add("environment variable name `" + variable.name() + "` is not a C identifier");
      } else if (!names.add(variable.name())) {
        problems.add("environment variable `" + variable.name() + "` is set twice");
      }
    }
    List<ServicePort> ports = spec.ports() == null ? List.of() : spec.ports();
    Set<Integer> numbers = new HashSet<>();
    for (ServicePort port : ports) {
      if (port.port() == null || port.port() < 1 || port.port() > 65535) {
        problems.add("port " + port.port() + " is not between 1 and 65535");
      } else if (!numbers.add(port.port())) {
        problems.add("port " + port.port() + " is listed twice");
      }
      if (port.protocol() != null && !Set.of("TCP", "UDP").contains(port.protocol())) {
        problems.add(
            "port " + port.port() + " has protocol `" + port.protocol() + "`, not TCP or UDP");
      }
      if (port.name() != null && !PORT_NAME.matcher(port.name()).matches()) {
        problems.add("port name `" + port.name() + "` is not a DNS label of at most 15 characters");
      }
    }
    String runtime =
        spec.runtimeClassName() == null || spec.runtimeClassName().isBlank()
            ? runtimeClass
            : spec.runtimeClassName();
    if (!problems.isEmpty()) {
      return new Result(null, List.copyOf(problems));
    }
    return new Result(
        new Desired(
            image.reference().orElseThrow(),
            replicas,
            hypervisor,
            memory,
            vcpus,
            spec.commandLine() == null ? "" : spec.commandLine(),
            env,
            ports,
            runtime,
            restartPolicy),
        List.of());
  }

  private static int orDefault(Integer value, int otherwise) {
    return value == null ? otherwise : value;
  }
}
