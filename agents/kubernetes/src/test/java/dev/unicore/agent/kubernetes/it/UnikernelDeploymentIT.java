package dev.unicore.agent.kubernetes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unicore.agent.kubernetes.crd.UnikernelDeployment;
import dev.unicore.agent.kubernetes.crd.UnikernelDeploymentSpec;
import dev.unicore.agent.kubernetes.crd.UnikernelDeploymentSpec.EnvironmentVariable;
import dev.unicore.agent.kubernetes.crd.UnikernelDeploymentSpec.ServicePort;
import dev.unicore.agent.kubernetes.testing.Crds;
import dev.unicore.agent.kubernetes.testing.KubeCluster;
import dev.unicore.agent.kubernetes.testing.Kubelet;
import dev.unicore.agent.kubernetes.testing.OperatorAccount;
import dev.unicore.agent.kubernetes.testing.OperatorProcess;
import dev.unicore.agent.kubernetes.testing.TestRegistry;
import dev.unicore.agent.kubernetes.testing.Waits;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator against a real API server, controller-manager and etcd, with the registry jar; the
 * test plays the kubelet. Each test uses its own resource names in one namespace.
 */
class UnikernelDeploymentIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  static KubeCluster cluster;
  static KubernetesClient client;
  static Kubelet kubelet;
  static TestRegistry registry;
  static OperatorProcess operator;
  static String namespace;
  static String first;
  static String second;
  static Path directory;

  @BeforeAll
  static void start() throws Exception {
    cluster = KubeCluster.shared();
    client = cluster.client();
    kubelet = new Kubelet(client);
    Crds.install(client);
    directory = Files.createTempDirectory("operator-it-");
    registry = TestRegistry.start(directory);
    first = registry.push("unicore/hello", "1", "first kernel");
    second = registry.push("unicore/hello", "2", "second kernel");
    namespace = cluster.newNamespace("ukd");
    operator = startOperator(directory.resolve("operator.log"));
  }

  static OperatorProcess startOperator(Path log) throws Exception {
    return OperatorProcess.start(
        OperatorAccount.in(cluster, namespace),
        log,
        List.of("-Xmx256m"),
        OperatorProcess.settings(
            namespace, registry, "--unicore.operator.leader-election.enabled=false"));
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  static MixedOperation<
          UnikernelDeployment,
          KubernetesResourceList<UnikernelDeployment>,
          Resource<UnikernelDeployment>>
      ukds() {
    return client.resources(UnikernelDeployment.class);
  }

  static UnikernelDeploymentSpec spec(String image, int replicas) {
    return new UnikernelDeploymentSpec(
        image, replicas, null, null, null, null, null, null, null, null);
  }

  static UnikernelDeployment apply(String name, UnikernelDeploymentSpec spec) {
    UnikernelDeployment resource = new UnikernelDeployment();
    resource.getMetadata().setName(name);
    resource.getMetadata().setNamespace(namespace);
    resource.setSpec(spec);
    return ukds().inNamespace(namespace).resource(resource).create();
  }

  static UnikernelDeployment get(String name) {
    return ukds().inNamespace(namespace).withName(name).get();
  }

  static void edit(String name, java.util.function.UnaryOperator<UnikernelDeploymentSpec> change) {
    ukds()
        .inNamespace(namespace)
        .withName(name)
        .edit(
            resource -> {
              resource.setSpec(change.apply(resource.getSpec()));
              return resource;
            });
  }

  static Condition condition(String name, String type) {
    UnikernelDeployment resource = get(name);
    if (resource == null
        || resource.getStatus() == null
        || resource.getStatus().conditions() == null) {
      return null;
    }
    return resource.getStatus().conditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElse(null);
  }

  static void awaitCondition(String name, String type, String status, String reason) {
    Waits.until(
        name + " has " + type + "=" + status + " (" + reason + "); has " + condition(name, type),
        WAIT,
        () -> {
          Condition condition = condition(name, type);
          return condition != null
              && condition.getStatus().equals(status)
              && (reason == null || reason.equals(condition.getReason()));
        });
  }

  static List<Pod> awaitPods(String name, int count, Predicate<Pod> which) {
    Waits.until(
        count + " Pods of " + name,
        WAIT,
        () -> kubelet.pods(namespace, name).stream().filter(which).count() == count);
    return kubelet.pods(namespace, name).stream().filter(which).toList();
  }

  static Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  static String image(String digest) {
    return registry.host() + "/unicore/hello@" + digest;
  }

  @Test
  void applyCreatesOwnedWorkloadWithRuntimeClassImageAndAnnotationsThenReportsReady() {
    UnikernelDeployment created =
        apply(
            "web",
            new UnikernelDeploymentSpec(
                registry.host() + "/unicore/hello:1",
                2,
                "firecracker",
                128,
                2,
                "--interval=5",
                List.of(new EnvironmentVariable("GREETING", "hello")),
                List.of(new ServicePort("http", 8080, null)),
                null,
                null));
    Waits.until("the Deployment web", WAIT, () -> deployment("web") != null);
    Deployment deployment = deployment("web");
    var pod = deployment.getSpec().getTemplate();
    assertThat(pod.getSpec().getRuntimeClassName()).isEqualTo("urunc");
    assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo(image(first));
    assertThat(pod.getSpec().getContainers().get(0).getEnv())
        .extracting("name", "value")
        .containsExactly(org.assertj.core.groups.Tuple.tuple("GREETING", "hello"));
    assertThat(
            pod.getSpec()
                .getContainers()
                .get(0)
                .getResources()
                .getLimits()
                .get("memory")
                .toString())
        .isEqualTo("128Mi");
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry("com.urunc.unikernel.hypervisor", "firecracker")
        .containsEntry("com.urunc.unikernel.cmdline", "--interval=5")
        .containsEntry("dev.unicore.vcpus", "2");
    assertThat(pod.getSpec().getImagePullSecrets())
        .extracting("name")
        .containsExactly("unicore-registry-pull");
    assertThat(deployment.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid());
              assertThat(owner.getController()).isTrue();
            });
    Service service = client.services().inNamespace(namespace).withName("web").get();
    assertThat(service.getSpec().getPorts())
        .extracting("name", "port")
        .containsExactly(org.assertj.core.groups.Tuple.tuple("http", 8080));
    assertThat(service.getSpec().getSelector()).containsEntry("unicore.dev/deployment", "web");
    Secret pull = client.secrets().inNamespace(namespace).withName("unicore-registry-pull").get();
    assertThat(pull.getType()).isEqualTo("kubernetes.io/dockerconfigjson");
    assertThat(
            new String(
                java.util.Base64.getDecoder().decode(pull.getData().get(".dockerconfigjson"))))
        .contains(registry.host())
        .contains(TestRegistry.PULLER);

    // The controllers made the Pods; they wait for a kubelet.
    List<Pod> pods = awaitPods("web", 2, p -> true);
    awaitCondition("web", "Ready", "False", "PodsStarting");
    assertThat(get("web").getStatus().imageDigest()).isEqualTo(first);
    assertThat(get("web").getStatus().observedGeneration())
        .isEqualTo(get("web").getMetadata().getGeneration());
    pods.forEach(kubelet::run);
    awaitCondition("web", "Ready", "True", "AllReplicasReady");
    assertThat(get("web").getStatus().readyReplicas()).isEqualTo(2);
    awaitCondition("web", "Progressing", "False", "Complete");
    awaitCondition("web", "Degraded", "False", "NoFailures");
    Waits.until(
        "a Ready event",
        WAIT,
        () ->
            events("web").stream()
                .anyMatch(
                    e -> e.getReason().equals("AllReplicasReady") && e.getType().equals("Normal")));

    // Idempotent: a reconciliation of an unchanged resource changes nothing it owns.
    long generation = deployment("web").getMetadata().getGeneration();
    client
        .resource(get("web"))
        .edit(
            r -> {
              r.getMetadata().setAnnotations(Map.of("touched", "yes"));
              return r;
            });
    sleep(3000);
    assertThat(deployment("web").getMetadata().getGeneration()).isEqualTo(generation);
  }

  @Test
  void scalesUpAndDown() {
    apply("scaled", spec("unicore/hello:1", 1));
    kubelet.run(awaitPods("scaled", 1, p -> true).get(0));
    awaitCondition("scaled", "Ready", "True", "AllReplicasReady");
    edit("scaled", s -> s.withReplicas(3));
    awaitPods("scaled", 3, p -> true).stream()
        .filter(p -> p.getStatus().getPhase().equals("Pending"))
        .forEach(kubelet::run);
    Waits.until(
        "3 ready replicas",
        WAIT,
        () -> Integer.valueOf(3).equals(get("scaled").getStatus().readyReplicas()));
    awaitCondition("scaled", "Ready", "True", "AllReplicasReady");
    edit("scaled", s -> s.withReplicas(1));
    awaitPods("scaled", 1, p -> true);
    Waits.until(
        "1 replica in status",
        WAIT,
        () -> Integer.valueOf(1).equals(get("scaled").getStatus().replicas()));
    assertThat(deployment("scaled").getSpec().getReplicas()).isEqualTo(1);
    // The scale subresource works too: kubectl scale ukd scaled --replicas=0.
    ukds().inNamespace(namespace).withName("scaled").scale(0);
    awaitPods("scaled", 0, p -> true);
    awaitCondition("scaled", "Ready", "True", "ScaledToZero");
  }

  @Test
  void imageChangeRollsOut() {
    apply("rolled", spec("unicore/hello:1", 2));
    awaitPods("rolled", 2, p -> true).forEach(kubelet::run);
    awaitCondition("rolled", "Ready", "True", "AllReplicasReady");
    edit("rolled", s -> s.withImage("unicore/hello:2"));
    Waits.until(
        "the template names the new digest",
        WAIT,
        () ->
            deployment("rolled")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage()
                .equals(image(second)));
    awaitCondition("rolled", "Progressing", "True", "RollingOut");
    // Play the kubelet until every Pod runs the new image: one new Pod at a time (maxSurge 1).
    Waits.until(
        "every Pod runs the new image",
        WAIT,
        () -> {
          List<Pod> pods = kubelet.pods(namespace, "rolled");
          pods.stream()
              .filter(p -> "Pending".equals(p.getStatus().getPhase()))
              .forEach(kubelet::run);
          return pods.size() == 2
              && pods.stream()
                  .allMatch(
                      p -> p.getSpec().getContainers().get(0).getImage().equals(image(second)));
        });
    awaitCondition("rolled", "Ready", "True", "AllReplicasReady");
    assertThat(get("rolled").getStatus().imageDigest()).isEqualTo(second);
    assertThat(get("rolled").getStatus().image()).isEqualTo(image(second));
  }

  @Test
  void aMovedTagDoesNotRollOutWhenOnlyReplicasChange() throws Exception {
    String before = registry.push("unicore/moving", "stable", "kernel before the move");
    apply("pinned", spec("unicore/moving:stable", 1));
    Waits.until("the Deployment pinned", WAIT, () -> deployment("pinned") != null);
    String moved = registry.push("unicore/moving", "stable", "kernel after the move");
    assertThat(moved).isNotEqualTo(before);
    edit("pinned", s -> s.withReplicas(2));
    Waits.until(
        "2 replicas asked of the Deployment",
        WAIT,
        () -> deployment("pinned").getSpec().getReplicas() == 2);
    assertThat(
            deployment("pinned")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage())
        .isEqualTo(registry.host() + "/unicore/moving@" + before);
    assertThat(get("pinned").getStatus().imageDigest()).isEqualTo(before);
    assertThat(get("pinned").getStatus().resolvedFrom()).isEqualTo("unicore/moving:stable");
  }

  @Test
  void failedPodDegradesWithItsReasonAndIsReplaced() {
    apply("crashy", spec("unicore/hello:1", 1));
    Pod pod = awaitPods("crashy", 1, p -> true).get(0);
    kubelet.run(pod);
    awaitCondition("crashy", "Ready", "True", "AllReplicasReady");
    kubelet.fail(
        client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).get(),
        "UnikernelCrashed",
        "the unikernel exited with status 122 (exception)",
        122);
    awaitCondition("crashy", "Degraded", "True", "UnikernelCrashed");
    assertThat(condition("crashy", "Degraded").getMessage())
        .contains(pod.getMetadata().getName())
        .contains("status 122");
    awaitCondition("crashy", "Ready", "False", "UnikernelCrashed");
    Waits.until("1 restart in status", WAIT, () -> get("crashy").getStatus().restarts() == 1);
    Waits.until(
        "a warning event",
        WAIT,
        () ->
            events("crashy").stream()
                .anyMatch(
                    e ->
                        e.getType().equals("Warning") && e.getReason().equals("UnikernelCrashed")));
    // The ReplicaSet starts a replacement; once it runs, the resource is ready again.
    Pod replacement =
        awaitPods("crashy", 1, p -> !p.getMetadata().getName().equals(pod.getMetadata().getName()))
            .get(0);
    kubelet.run(replacement);
    awaitCondition("crashy", "Ready", "True", "AllReplicasReady");
    awaitCondition("crashy", "Degraded", "False", null);
    // Replaced, the failed Pod is deleted: a later scale-up is not reported as a failure.
    Waits.until(
        "the failed Pod is deleted",
        WAIT,
        () ->
            client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).get()
                == null);
    edit("crashy", s -> s.withReplicas(2));
    awaitCondition("crashy", "Progressing", "True", "PodsStarting");
    assertThat(condition("crashy", "Degraded").getStatus()).isEqualTo("False");
    assertThat(get("crashy").getStatus().restarts()).isZero();
  }

  @Test
  void deleteGarbageCollectsEverythingOwned() {
    apply(
        "doomed",
        new UnikernelDeploymentSpec(
            "unicore/hello:1",
            2,
            null,
            null,
            null,
            null,
            null,
            List.of(new ServicePort(null, 80, null)),
            null,
            null));
    awaitPods("doomed", 2, p -> true);
    Waits.until(
        "the Service",
        WAIT,
        () -> client.services().inNamespace(namespace).withName("doomed").get() != null);
    assertThat(get("doomed").getMetadata().getFinalizers()).isEmpty();
    ukds().inNamespace(namespace).withName("doomed").delete();
    Waits.until(
        "the Deployment, ReplicaSets, Pods and Service are gone",
        WAIT,
        () ->
            deployment("doomed") == null
                && client.services().inNamespace(namespace).withName("doomed").get() == null
                && client
                    .apps()
                    .replicaSets()
                    .inNamespace(namespace)
                    .withLabel("unicore.dev/deployment", "doomed")
                    .list()
                    .getItems()
                    .isEmpty()
                && client
                    .pods()
                    .inNamespace(namespace)
                    .withLabel("unicore.dev/deployment", "doomed")
                    .list()
                    .getItems()
                    .isEmpty());
  }

  @Test
  void invalidSpecsGetAConditionAndTheOperatorKeepsWorking() throws Exception {
    // The scale subresource makes the API server itself refuse negative replicas, naming the field.
    assertThatThrownBy(() -> apply("negative", spec("unicore/hello:1", -1)))
        .isInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class)
        .hasMessageContaining(".spec.replicas: Invalid value: -1");
    assertThat(get("negative")).isNull();
    apply("too-many", spec("unicore/hello:1", 101));
    apply(
        "no-runtime",
        new UnikernelDeploymentSpec(
            "unicore/hello:1", 1, null, null, null, null, null, null, "gvisor", null));
    apply(
        "kvm",
        new UnikernelDeploymentSpec(
            "unicore/hello:1", 1, "kvm", null, null, null, null, null, null, "Sometimes"));
    apply("elsewhere", spec("docker.io/library/nginx:1", 1));
    apply("missing", spec("unicore/not-pushed:1", 1));
    awaitCondition("too-many", "Ready", "False", "InvalidSpec");
    assertThat(condition("too-many", "Ready").getMessage())
        .contains("`replicas` must be between 0 and 100, not 101");
    awaitCondition("no-runtime", "Degraded", "True", "FailedCreate");
    assertThat(condition("no-runtime", "Degraded").getMessage())
        .contains("RuntimeClass \"gvisor\" not found");
    awaitCondition("kvm", "Degraded", "True", "InvalidSpec");
    assertThat(condition("kvm", "Degraded").getMessage())
        .contains("`hypervisor` must be qemu or firecracker, not `kvm`")
        .contains("`restartPolicy` must be Always, OnFailure or Never, not `Sometimes`");
    awaitCondition("elsewhere", "Ready", "False", "InvalidSpec");
    assertThat(condition("elsewhere", "Ready").getMessage())
        .contains("is not in the platform registry " + registry.host());
    awaitCondition("missing", "Ready", "False", "ImageNotFound");
    assertThat(condition("missing", "Ready").getMessage())
        .contains("unicore/not-pushed:1")
        .contains("is not in the platform registry");
    for (String name : List.of("too-many", "kvm", "elsewhere", "missing")) {
      assertThat(deployment(name)).as(name).isNull();
    }
    Waits.until(
        "an InvalidSpec warning",
        WAIT,
        () -> events("kvm").stream().anyMatch(e -> e.getReason().equals("InvalidSpec")));

    // A working resource given a bad spec keeps what runs.
    apply("kept", spec("unicore/hello:1", 1));
    kubelet.run(awaitPods("kept", 1, p -> true).get(0));
    awaitCondition("kept", "Ready", "True", "AllReplicasReady");
    String version = deployment("kept").getMetadata().getResourceVersion();
    edit("kept", s -> s.withReplicas(500));
    awaitCondition("kept", "Ready", "False", "InvalidSpec");
    assertThat(deployment("kept").getMetadata().getResourceVersion()).isEqualTo(version);
    assertThat(kubelet.pods(namespace, "kept")).hasSize(1);

    // The missing image appears: the operator looks again and deploys it.
    registry.push("unicore/not-pushed", "1", "late kernel");
    Waits.until(
        "the late image deployed", Duration.ofSeconds(90), () -> deployment("missing") != null);
    awaitPods("missing", 1, p -> true).forEach(kubelet::run);
    awaitCondition("missing", "Ready", "True", "AllReplicasReady");
    assertThat(operator.alive()).isTrue();
    assertThat(operator.log()).doesNotContain("Exception in thread");
  }

  @Test
  void runToCompletionPoliciesBecomeJobs() {
    apply(
        "batch",
        new UnikernelDeploymentSpec(
            "unicore/hello:1", 2, null, null, null, null, null, null, null, "Never"));
    Waits.until(
        "the Job",
        WAIT,
        () -> client.batch().v1().jobs().inNamespace(namespace).withName("batch").get() != null);
    Job job = client.batch().v1().jobs().inNamespace(namespace).withName("batch").get();
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getParallelism()).isEqualTo(2);
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(job.getSpec().getTemplate().getSpec().getRuntimeClassName()).isEqualTo("urunc");
    assertThat(deployment("batch")).isNull();
    awaitPods("batch", 2, p -> true);
  }

  static List<io.fabric8.kubernetes.api.model.Event> events(String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(
            e ->
                name.equals(e.getInvolvedObject().getName())
                    && "UnikernelDeployment".equals(e.getInvolvedObject().getKind()))
        .toList();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
