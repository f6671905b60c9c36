package dev.unicore.agent.kubernetes.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.agent.kubernetes.crd.UnikernelDeploymentSpec;
import dev.unicore.agent.kubernetes.crd.UnikernelDeploymentSpec.EnvironmentVariable;
import dev.unicore.agent.kubernetes.crd.UnikernelDeploymentSpec.ServicePort;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecCheckTest {
  private static final String HOST = "127.0.0.1:5000";

  @Test
  void defaultsFillWhatTheSpecLeavesOut() {
    SpecCheck.Result result =
        SpecCheck.check(
            new UnikernelDeploymentSpec(
                "unicore/hello:1", null, null, null, null, null, null, null, null, null),
            HOST,
            "urunc");
    assertThat(result.problems()).isEmpty();
    SpecCheck.Desired desired = result.desired();
    assertThat(desired.replicas()).isEqualTo(1);
    assertThat(desired.hypervisor()).isEqualTo("qemu");
    assertThat(desired.memoryMib()).isEqualTo(64);
    assertThat(desired.vcpus()).isEqualTo(1);
    assertThat(desired.runtimeClassName()).isEqualTo("urunc");
    assertThat(desired.restartPolicy()).isEqualTo("Always");
    assertThat(desired.longRunning()).isTrue();
  }

  @Test
  void everyProblemIsNamedAtOnce() {
    SpecCheck.Result result =
        SpecCheck.check(
            new UnikernelDeploymentSpec(
                "docker.io/nginx",
                101,
                "kvm",
                1,
                65,
                null,
                List.of(
                    new EnvironmentVariable("1BAD", "x"),
                    new EnvironmentVariable("A", "1"),
                    new EnvironmentVariable("A", "2")),
                List.of(
                    new ServicePort(null, 0, null),
                    new ServicePort("Web_Port", 80, "SCTP"),
                    new ServicePort(null, 80, null)),
                null,
                "Sometimes"),
            HOST,
            "urunc");
    assertThat(result.valid()).isFalse();
    assertThat(result.desired()).isNull();
    assertThat(result.problems())
        .containsExactly(
            "image `docker.io/nginx` is not in the platform registry 127.0.0.1:5000; push it there",
            "`replicas` must be between 0 and 100, not 101",
            "`hypervisor` must be qemu or firecracker, not `kvm`",
            "`memoryMiB` must be between 2 and 65536, not 1",
            "`vcpus` must be between 1 and 64, not 65",
            "`restartPolicy` must be Always, OnFailure or Never, not `Sometimes`",
            "environment variable name `1BAD` is not a C identifier",
            "environment variable `A` is set twice",
            "port 0 is not between 1 and 65535",
            "port 80 has protocol `SCTP`, not TCP or UDP",
            "port name `Web_Port` is not a DNS label of at most 15 characters",
            "port 80 is listed twice");
  }

  @Test
  void theResourcesRuntimeClassWinsOverTheOperatorsDefault() {
    SpecCheck.Result result =
        SpecCheck.check(
            new UnikernelDeploymentSpec(
                "unicore/hello:1", 0, "firecracker", null, null, null, null, null, "kata", "Never"),
            HOST,
            "urunc");
    assertThat(result.desired().runtimeClassName()).isEqualTo("kata");
    assertThat(result.desired().replicas()).isZero();
    assertThat(result.desired().longRunning()).isFalse();
  }
}
