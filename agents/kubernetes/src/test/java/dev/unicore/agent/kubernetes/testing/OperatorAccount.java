package dev.unicore.agent.kubernetes.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unicore.agent.kubernetes.chart.ChartRenderer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The operator's identity as the Helm chart installs it: its ServiceAccount, Role and RoleBinding,
 * rendered from {@code helm/unicore} and created in a namespace. Tests run the operator with this
 * account's token, so they fail if the chart's least-privilege Role misses something the code does.
 */
public final class OperatorAccount {
  private static final String RELEASE = "unicore";
  private static final Set<String> KINDS = Set.of("ServiceAccount", "Role", "RoleBinding");

  private OperatorAccount() {}

  /** Creates the chart's operator account in {@code namespace}; returns a kubeconfig for it. */
  public static Path in(KubeCluster cluster, String namespace) {
    Path chart = Path.of(System.getProperty("unicore.home", "../.."), "helm", "unicore");
    String name = RELEASE + "-operator";
    for (JsonNode document :
        new ChartRenderer(chart, cluster.kubeconfig())
            .render(RELEASE, namespace, Map.of())
            .documents()) {
      if (KINDS.contains(document.path("kind").asText())
          && name.equals(document.at("/metadata/name").asText())) {
        GenericKubernetesResource object =
            cluster
                .client()
                .getKubernetesSerialization()
                .convertValue(document, GenericKubernetesResource.class);
        cluster.client().resource(object).inNamespace(namespace).create();
      }
    }
    return cluster.kubeconfigFor(namespace, name);
  }
}
