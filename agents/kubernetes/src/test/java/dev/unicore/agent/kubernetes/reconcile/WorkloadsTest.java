package dev.unicore.agent.kubernetes.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.agent.kubernetes.crd.UnikernelDeployment;
import dev.unicore.agent.kubernetes.crd.UnikernelDeploymentSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadsTest {
  private static final String IMAGE = "127.0.0.1:5000/unicore/hello@sha256:" + "ab".repeat(32);

  private static UnikernelDeployment owner() {
    UnikernelDeployment owner = new UnikernelDeployment();
    owner.getMetadata().setName("web");
    owner.getMetadata().setNamespace("apps");
    owner.getMetadata().setUid("0b5e8c7e-0000-4000-8000-000000000001");
    return owner;
  }

  private static SpecCheck.Desired desired(int replicas) {
    return SpecCheck.check(
            new UnikernelDeploymentSpec(
                "unicore/hello:1", replicas, null, 128, 2, "--x", null, null, null, null),
            "127.0.0.1:5000",
            "urunc")
        .desired();
  }

  @Test
  void theHashDependsOnWhatTheObjectIsBuiltFromOnly() {
    String first = Workloads.hashOf(Workloads.deployment(owner(), desired(2), IMAGE, "pull"));
    assertThat(Workloads.hashOf(Workloads.deployment(owner(), desired(2), IMAGE, "pull")))
        .isEqualTo(first);
    assertThat(Workloads.hashOf(Workloads.deployment(owner(), desired(3), IMAGE, "pull")))
        .isNotEqualTo(first);
    assertThat(Workloads.hashOf(Workloads.deployment(owner(), desired(2), IMAGE, null)))
        .isNotEqualTo(first);
  }

  @Test
  void theHashIgnoresTheOrderOfMapEntries() {
    // Map.of iterates in a different order in each JVM; the hash must not follow it.
    Deployment deployment = Workloads.deployment(owner(), desired(2), IMAGE, "pull");
    var resources =
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
    Map<String, Quantity> reversed = new LinkedHashMap<>();
    reversed.put("memory", resources.getLimits().get("memory"));
    reversed.put("cpu", resources.getLimits().get("cpu"));
    String before = Workloads.templateHash(deployment);
    resources.setLimits(reversed);
    assertThat(Workloads.templateHash(deployment)).isEqualTo(before);
  }

  @Test
  void podsNameTheRuntimeClassAndCarryTheUnikernelAnnotations() {
    var template = Workloads.deployment(owner(), desired(1), IMAGE, "pull").getSpec().getTemplate();
    assertThat(template.getSpec().getRuntimeClassName()).isEqualTo("urunc");
    assertThat(template.getMetadata().getAnnotations())
        .containsEntry(Workloads.HYPERVISOR, "qemu")
        .containsEntry(Workloads.COMMAND_LINE, "--x")
        .containsEntry(Workloads.MEMORY_MIB, "128")
        .containsEntry(Workloads.VCPUS, "2");
    assertThat(template.getSpec().getAutomountServiceAccountToken()).isFalse();
  }
}
