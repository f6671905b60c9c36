package dev.unicore.agent.kubernetes.lifecycle;

import dev.unicore.agent.kubernetes.controlplane.ControlPlaneLink;
import dev.unicore.agent.kubernetes.registry.RegistryResolver;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
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

  @Bean
  Optional<ControlPlaneLink> controlPlaneLink(OperatorProperties properties) {
    return properties.controlPlaneUrl() == null
        ? Optional.empty()
        : Optional.of(new ControlPlaneLink());
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
