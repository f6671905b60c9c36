package dev.unicore.agent.kubernetes.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.List;

/**
 * What a UnikernelDeployment asks for. The schema only checks types: values (replicas, hypervisor,
 * restart policy, the image's registry) are checked by the operator, which reports a bad one as an
 * {@code InvalidSpec} condition and leaves what already runs alone.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UnikernelDeploymentSpec(
    @Required
        @JsonPropertyDescription(
            "The image in the platform registry: repository[:tag] or repository@sha256:<hex>,"
                + " optionally prefixed with the registry's host. A tag is resolved to a digest.")
        String image,
    @SpecReplicas @Default("1") @JsonPropertyDescription("Instances to run, 0 to 100.")
        Integer replicas,
    @Default("qemu") @JsonPropertyDescription("The virtual machine monitor: qemu or firecracker.")
        String hypervisor,
    @Default("64") @JsonPropertyDescription("Memory of each virtual machine in MiB (2 to 65536).")
        Integer memoryMiB,
    @Default("1") @JsonPropertyDescription("Virtual CPUs of each virtual machine (1 to 64).")
        Integer vcpus,
    @JsonPropertyDescription("The unikernel's command line.") String commandLine,
    @JsonPropertyDescription("Environment of the unikernel.") List<EnvironmentVariable> env,
    @JsonPropertyDescription("Ports the unikernel listens on; exposed through a Service.")
        List<ServicePort> ports,
    @JsonPropertyDescription(
            "The RuntimeClass of the Pods; when empty, the operator's default (urunc).")
        String runtimeClassName,
    @Default("Always")
        @JsonPropertyDescription(
            "Always (a Deployment), OnFailure or Never (a Job whose Pods run to completion).")
        String restartPolicy) {

  /** This spec with another image. */
  public UnikernelDeploymentSpec withImage(String image) {
    return new UnikernelDeploymentSpec(
        image,
        replicas,
        hypervisor,
        memoryMiB,
        vcpus,
        commandLine,
        env,
        ports,
        runtimeClassName,
        restartPolicy);
  }

  /** This spec with another number of replicas. */
  public UnikernelDeploymentSpec withReplicas(int replicas) {
    return new UnikernelDeploymentSpec(
        image,
        replicas,
        hypervisor,
        memoryMiB,
        vcpus,
        commandLine,
        env,
        ports,
        runtimeClassName,
        restartPolicy);
  }

  /** One environment variable. */
  public record EnvironmentVariable(@Required String name, String value) {}

  /** One port of the unikernel, exposed under the same number by the Service. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ServicePort(
      @JsonPropertyDescription("A name for the port (optional).") String name,
      @Required @JsonPropertyDescription("1 to 65535.") Integer port,
      @Default("TCP") @JsonPropertyDescription("TCP or UDP.") String protocol) {}
}
