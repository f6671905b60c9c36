package dev.unicore.agent.kubernetes.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unicore.agent.kubernetes.crd.UnikernelDeployment;
import dev.unicore.agent.kubernetes.crd.UnikernelDeploymentSpec;
import dev.unicore.agent.kubernetes.testing.Crds;
import dev.unicore.agent.kubernetes.testing.KubeCluster;
import dev.unicore.agent.kubernetes.testing.OperatorAccount;
import dev.unicore.agent.kubernetes.testing.OperatorProcess;
import dev.unicore.agent.kubernetes.testing.TestRegistry;
import dev.unicore.agent.kubernetes.testing.Waits;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator killed mid-reconcile, and two replicas competing for the lease. */
class OperatorLifecycleIT {
  static final Duration WAIT = Duration.ofSeconds(90);
  static KubeCluster cluster;
  static KubernetesClient client;
  static TestRegistry registry;
  static Path directory;
  final List<OperatorProcess> operators = new ArrayList<>();
  final Map<String, Path> accounts = new java.util.HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    cluster = KubeCluster.shared();
    client = cluster.client();
    Crds.install(client);
    directory = Files.createTempDirectory("operator-lifecycle-");
    registry = TestRegistry.start(directory);
    registry.push("unicore/hello", "1", "a kernel");
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @AfterEach
  void stopOperators() {
    operators.forEach(OperatorProcess::close);
  }

  OperatorProcess operator(String namespace, String identity, boolean leaderElection)
      throws Exception {
    OperatorProcess operator =
        OperatorProcess.start(
            accounts.computeIfAbsent(namespace, n -> OperatorAccount.in(cluster, n)),
            directory.resolve(namespace + "-" + identity + ".log"),
            List.of("-Xmx256m"),
            OperatorProcess.settings(
                namespace,
                registry,
                "--unicore.operator.leader-election.enabled=" + leaderElection,
                "--unicore.operator.leader-election.identity=" + identity,
                "--unicore.operator.leader-election.lease-duration=6s"));
    operators.add(operator);
    return operator;
  }

  static void create(String namespace, String name) {
    UnikernelDeployment resource = new UnikernelDeployment();
    resource.getMetadata().setName(name);
    resource.getMetadata().setNamespace(namespace);
    resource.setSpec(
        new UnikernelDeploymentSpec(
            "unicore/hello:1", 1, null, null, null, null, null, null, null, null));
    client.resources(UnikernelDeployment.class).inNamespace(namespace).resource(resource).create();
  }

  /** Every resource has its Deployment and a status for its current generation. */
  static boolean converged(String namespace, int count) {
    List<UnikernelDeployment> resources =
        client.resources(UnikernelDeployment.class).inNamespace(namespace).list().getItems();
    return resources.size() == count
        && resources.stream()
            .allMatch(
                r ->
                    r.getStatus() != null
                        && r.getMetadata()
                            .getGeneration()
                            .equals(r.getStatus().observedGeneration())
                        && r.getStatus().imageDigest() != null
                        && client
                                .apps()
                                .deployments()
                                .inNamespace(namespace)
                                .withName(r.getMetadata().getName())
                                .get()
                            != null);
  }

  @Test
  void anOperatorKilledMidReconcileIsReplacedAndTheNewOneConverges() throws Exception {
    String namespace = cluster.newNamespace("restart");
    OperatorProcess first = operator(namespace, "first", false);
    int count = 30;
    for (int i = 0; i < count; i++) {
      create(namespace, "app-" + i);
    }
    // Kill it while it is still working through them.
    Waits.until(
        "the first Deployments",
        WAIT,
        () -> !client.apps().deployments().inNamespace(namespace).list().getItems().isEmpty());
    first.kill();
    int before = client.apps().deployments().inNamespace(namespace).list().getItems().size();
    assertThat(before).as("Deployments when killed").isLessThanOrEqualTo(count);

    OperatorProcess second = operator(namespace, "second", false);
    Waits.until("all " + count + " resources converge", WAIT, () -> converged(namespace, count));
    List<Deployment> deployments =
        client.apps().deployments().inNamespace(namespace).list().getItems();
    assertThat(deployments).hasSize(count);
    assertThat(deployments)
        .allSatisfy(d -> assertThat(d.getMetadata().getOwnerReferences()).hasSize(1));
    // One ReplicaSet per Deployment: nothing was written twice with different templates.
    Waits.until(
        "a ReplicaSet for every Deployment", WAIT, () -> replicaSets(namespace).size() == count);
    assertThat(replicaSets(namespace)).allSatisfy((name, n) -> assertThat(n).as(name).isEqualTo(1));
    // Converged means quiet: unchanged resources make it write no spec (the controllers still
    // write status, so the generation is compared, not the resource version).
    Map<String, Long> generations = generations(deployments);
    Thread.sleep(3000);
    assertThat(generations(client.apps().deployments().inNamespace(namespace).list().getItems()))
        .isEqualTo(generations);
    assertThat(second.alive()).isTrue();
  }

  @Test
  void twoReplicasNeverReconcileAtOnceAndTheStandbyTakesOver() throws Exception {
    String namespace = cluster.newNamespace("leader");
    OperatorProcess one = operator(namespace, "one", true);
    OperatorProcess two = operator(namespace, "two", true);
    Waits.until("a lease holder", WAIT, () -> holder(namespace) != null);
    OperatorProcess leader = holder(namespace).equals("one") ? one : two;
    OperatorProcess standby = leader == one ? two : one;
    for (int i = 0; i < 5; i++) {
      create(namespace, "led-" + i);
    }
    Waits.until("5 resources converge", WAIT, () -> converged(namespace, 5));
    assertThat(leader.reconciliations()).isPositive();
    assertThat(standby.reconciliations()).as("the standby's reconciliations").isZero();
    assertThat(standby.get("/actuator/health/readiness").statusCode()).isEqualTo(200);

    leader.kill();
    String survivor = standby == one ? "one" : "two";
    Waits.until("the standby holds the lease", WAIT, () -> survivor.equals(holder(namespace)));
    create(namespace, "after-takeover");
    Waits.until("the new resource converges", WAIT, () -> converged(namespace, 6));
    assertThat(standby.reconciliations()).isPositive();
  }

  /** ReplicaSets by the resource they belong to. */
  static Map<String, Long> replicaSets(String namespace) {
    return client.apps().replicaSets().inNamespace(namespace).list().getItems().stream()
        .collect(
            Collectors.groupingBy(
                rs -> rs.getMetadata().getLabels().get("unicore.dev/deployment"),
                Collectors.counting()));
  }

  static String holder(String namespace) {
    Lease lease = client.leases().inNamespace(namespace).withName("unicore-operator").get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  static Map<String, Long> generations(List<Deployment> deployments) {
    return deployments.stream()
        .collect(
            Collectors.toMap(d -> d.getMetadata().getName(), d -> d.getMetadata().getGeneration()));
  }
}
