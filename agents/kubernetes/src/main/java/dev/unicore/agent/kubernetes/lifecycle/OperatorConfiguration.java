package dev.unicore.agent.kubernetes.lifecycle;

import dev.unicore.agent.kubernetes.controlplane.ControlPlaneLink;
import dev.unicore.agent.kubernetes.registry.RegistryResolver;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the operator: the cluster client (in-cluster, or $KUBECONFIG), the runtime, the link. */
@Configuration(proxyBeanMethods = false)
class OperatorConfiguration {
  @Bean(destroyMethod = "close")
  KubernetesClient kubernetesClient() {
    return new KubernetesClientBuilder().build();
  }

  @Bean
  RegistryResolver registryResolver(OperatorProperties properties) {
    return new RegistryResolver(properties);
  }

  /** Only with a control plane to link to; without one the operator runs alone. */
  @Bean
  @ConditionalOnProperty("unicore.operator.control-plane-url")
  ControlPlaneLink controlPlaneLink(OperatorProperties properties, KubernetesClient client) {
    return new ControlPlaneLink(
        properties.controlPlaneUrl(),
        properties.token(),
        client,
        properties.namespace(),
        properties.agentName(),
        properties.pool());
  }

  @Bean("operator")
  OperatorRuntime operatorRuntime(
      OperatorProperties properties,
      KubernetesClient client,
      RegistryResolver registry,
      MeterRegistry meters,
      Optional<ControlPlaneLink> link) {
    return new OperatorRuntime(properties, client, registry, meters, link);
  }
}
