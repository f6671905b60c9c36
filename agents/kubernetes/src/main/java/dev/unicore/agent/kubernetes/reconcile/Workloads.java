package dev.unicore.agent.kubernetes.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.unicore.agent.kubernetes.crd.UnikernelDeployment;
import dev.unicore.agent.kubernetes.crd.UnikernelDeploymentSpec.ServicePort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The objects a UnikernelDeployment owns, built from its checked spec: a Deployment (restart policy
 * Always) or a Job (OnFailure, Never), and a Service when it has ports. Each carries the hash of
 * what it was built from, so the reconciler writes only when the hash changes.
 */
public final class Workloads {
  /** Every owned object and Pod carries it, with the resource's name. */
  public static final String DEPLOYMENT_LABEL = "unicore.dev/deployment";

  /** Pod template annotations: what the unikernel's virtual machine is (urunc reads the first). */
  public static final String HYPERVISOR = "com.urunc.unikernel.hypervisor";

  public static final String COMMAND_LINE = "com.urunc.unikernel.cmdline";
  public static final String MEMORY_MIB = "dev.unicore.memory-mib";
  public static final String VCPUS = "dev.unicore.vcpus";

  static final String TEMPLATE_HASH = "unicore.dev/template-hash";
  public static final String MANAGER = "unicore-operator";
  public static final String CONTAINER = "unikernel";

  private Workloads() {}

  static Deployment deployment(
      UnikernelDeployment owner, SpecCheck.Desired spec, String image, String pullSecret) {
    Deployment deployment =
        new DeploymentBuilder()
            .withMetadata(metadata(owner))
            .withNewSpec()
            .withReplicas(spec.replicas())
            .withNewSelector()
            .withMatchLabels(Map.of(DEPLOYMENT_LABEL, owner.getMetadata().getName()))
            .endSelector()
            // One new Pod at a time, none removed before its replacement is ready.
            .withNewStrategy()
            .withType("RollingUpdate")
            .withNewRollingUpdate()
            .withNewMaxSurge(1)
            .withNewMaxUnavailable(0)
            .endRollingUpdate()
            .endStrategy()
            .withTemplate(podTemplate(owner, spec, image, pullSecret, "Always"))
            .endSpec()
            .build();
    return hashed(deployment);
  }

  static Job job(
      UnikernelDeployment owner, SpecCheck.Desired spec, String image, String pullSecret) {
    Job job =
        new JobBuilder()
            .withMetadata(metadata(owner))
            .withNewSpec()
            .withParallelism(spec.replicas())
            .withCompletions(spec.replicas())
            // Never: a failed unikernel stays failed; OnFailure: Kubernetes' usual six retries.
            .withBackoffLimit(spec.restartPolicy().equals("Never") ? 0 : 6)
            .withTemplate(podTemplate(owner, spec, image, pullSecret, spec.restartPolicy()))
            .endSpec()
            .build();
    return hashed(job);
  }

  static Service service(UnikernelDeployment owner, SpecCheck.Desired spec) {
    Service service =
        new ServiceBuilder()
            .withMetadata(metadata(owner))
            .withNewSpec()
            .withType("ClusterIP")
            .withSelector(Map.of(DEPLOYMENT_LABEL, owner.getMetadata().getName()))
            .withPorts(
                spec.ports().stream()
                    .map(
                        port ->
                            new io.fabric8.kubernetes.api.model.ServicePortBuilder()
                                .withName(portName(port))
                                .withPort(port.port())
                                .withNewTargetPort(port.port())
                                .withProtocol(port.protocol() == null ? "TCP" : port.protocol())
                                .build())
                    .toList())
            .endSpec()
            .build();
    return hashed(service);
  }

  /** Labels of every owned object and Pod. */
  static Map<String, String> labels(UnikernelDeployment owner) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", owner.getMetadata().getName());
    labels.put("app.kubernetes.io/managed-by", MANAGER);
    labels.put(DEPLOYMENT_LABEL, owner.getMetadata().getName());
    return labels;
  }

  static String hashOf(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(TEMPLATE_HASH);
  }

  private static PodTemplateSpec podTemplate(
      UnikernelDeployment owner,
      SpecCheck.Desired spec,
      String image,
      String pullSecret,
      String restartPolicy) {
    Map<String, String> annotations = new LinkedHashMap<>();
    // The keys urunc reads to boot the image as a virtual machine.
    annotations.put(HYPERVISOR, spec.hypervisor());
    if (!spec.commandLine().isEmpty()) {
      annotations.put(COMMAND_LINE, spec.commandLine());
    }
    annotations.put(MEMORY_MIB, Integer.toString(spec.memoryMib()));
    annotations.put(VCPUS, Integer.toString(spec.vcpus()));
    Quantity memory = new Quantity(spec.memoryMib() + "Mi");
    Quantity cpu = new Quantity(Integer.toString(spec.vcpus()));
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(labels(owner))
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withRuntimeClassName(spec.runtimeClassName())
        .withRestartPolicy(restartPolicy)
        .withEnableServiceLinks(false)
        .withAutomountServiceAccountToken(false)
        .withImagePullSecrets(
            pullSecret == null
                ? List.of()
                : List.of(new io.fabric8.kubernetes.api.model.LocalObjectReference(pullSecret)))
        .addNewContainer()
        .withName(CONTAINER)
        .withImage(image)
        .withEnv(
            spec.env().stream()
                .map(variable -> new EnvVar(variable.name(), variable.value(), null))
                .toList())
        .withPorts(
            spec.ports().stream()
                .map(
                    port ->
                        new io.fabric8.kubernetes.api.model.ContainerPortBuilder()
                            .withName(port.name())
                            .withContainerPort(port.port())
                            .withProtocol(port.protocol() == null ? "TCP" : port.protocol())
                            .build())
                .toList())
        .withNewResources()
        .withRequests(new TreeMap<>(Map.of("memory", memory, "cpu", cpu)))
        .withLimits(new TreeMap<>(Map.of("memory", memory, "cpu", cpu)))
        .endResources()
        .endContainer()
        .endSpec()
        .build();
  }

  private static ObjectMeta metadata(UnikernelDeployment owner) {
    OwnerReference reference =
        new OwnerReferenceBuilder()
            .withApiVersion(owner.getApiVersion())
            .withKind(owner.getKind())
            .withName(owner.getMetadata().getName())
            .withUid(owner.getMetadata().getUid())
            .withController(true)
            .withBlockOwnerDeletion(true)
            .build();
    return new ObjectMetaBuilder()
        .withName(owner.getMetadata().getName())
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(labels(owner))
        .withOwnerReferences(reference)
        .build();
  }

  private static String portName(ServicePort port) {
    return port.name() != null ? port.name() : "port-" + port.port();
  }

  private static <T extends HasMetadata> T hashed(T object) {
    object.getMetadata().setAnnotations(Map.of(TEMPLATE_HASH, templateHash(object)));
    return object;
  }

  /**
   * The hash of an object as built here, the same in every run of the operator: map entries are
   * serialized in key order (a {@code Map.of}'s iteration order changes from one JVM to the next,
   * and a changed hash would rewrite every Deployment and re-run every Job after a restart).
   */
  static String templateHash(HasMetadata object) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(object));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .build();
}
