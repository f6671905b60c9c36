package dev.unicore.agent.kubernetes.reconcile;

import dev.unicore.agent.kubernetes.lifecycle.OperatorProperties;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The image pull Secret ({@code kubernetes.io/dockerconfigjson}) for the platform registry, kept by
 * the operator in each namespace it deploys to and named by every Pod. It is shared by all the
 * namespace's resources, so it has no owner; it is applied once per namespace and process (again
 * after a restart, which repairs a changed or deleted one).
 */
final class PullSecrets {
  private final KubernetesClient client;
  private final OperatorProperties.Registry registry;
  private final Set<String> current = ConcurrentHashMap.newKeySet();

  PullSecrets(KubernetesClient client, OperatorProperties.Registry registry) {
    this.client = client;
    this.registry = registry;
  }

  /** The Secret's name after making sure it is there, or null when the registry is public. */
  String ensure(String namespace) {
    if (!registry.hasCredentials()) {
      return null;
    }
    if (current.contains(namespace)) {
      return registry.pullSecretName();
    }
    // Server-side apply: the first reconciliations of a namespace run in parallel, and each may
    // be the one that creates the Secret; applying the same content twice is no conflict.
    client
        .secrets()
        .inNamespace(namespace)
        .resource(desired(namespace))
        .fieldManager(Workloads.MANAGER)
        .forceConflicts()
        .serverSideApply();
    current.add(namespace);
    return registry.pullSecretName();
  }

  private Secret desired(String namespace) {
    String pair =
        registry.username() + ":" + (registry.password() == null ? "" : registry.password());
    Map<String, Object> config =
        Map.of(
            "auths",
            Map.of(
                registry.imageHost(),
                Map.of(
                    "username", registry.username(),
                    "password", registry.password() == null ? "" : registry.password(),
                    "auth", base64(pair))));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(registry.pullSecretName())
        .withNamespace(namespace)
        .withLabels(Map.of("app.kubernetes.io/managed-by", Workloads.MANAGER))
        .endMetadata()
        .withType("kubernetes.io/dockerconfigjson")
        .withData(Map.of(".dockerconfigjson", base64(Serialization.asJson(config))))
        .build();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
