package dev.unicore.agent.kubernetes.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;

/** Installs the CRD the build generated, as `kubectl apply` of the chart's crds/ would. */
public final class Crds {
  public static final Path GENERATED =
      Path.of(
          "target", "classes", "META-INF", "fabric8", "unikerneldeployments.unicore.dev-v1.yml");

  private Crds() {}

  /**
   * Installs the CRD and RuntimeClass {@code urunc}, which a cluster with urunc on its nodes has
   * (Pods naming a missing RuntimeClass are refused).
   */
  public static synchronized void install(KubernetesClient client) {
    client
        .resource(
            new io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder()
                .withNewMetadata()
                .withName("urunc")
                .endMetadata()
                .withHandler("urunc")
                .build())
        .forceConflicts()
        .serverSideApply();
    CustomResourceDefinition crd =
        client.apiextensions().v1().customResourceDefinitions().load(GENERATED.toFile()).item();
    client.resource(crd).forceConflicts().serverSideApply();
    Waits.until(
        "the CRD is established",
        Duration.ofSeconds(30),
        () -> {
          var current =
              client
                  .apiextensions()
                  .v1()
                  .customResourceDefinitions()
                  .withName(crd.getMetadata().getName())
                  .get();
          return current.getStatus() != null
              && current.getStatus().getConditions().stream()
                  .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
        });
  }
}
