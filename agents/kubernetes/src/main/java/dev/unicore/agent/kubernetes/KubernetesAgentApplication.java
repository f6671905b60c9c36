package dev.unicore.agent.kubernetes;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Kubernetes agent: the UnikernelDeployment operator and its link to the control plane. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class KubernetesAgentApplication {
  public static void main(String[] args) {
    SpringApplication.run(KubernetesAgentApplication.class, args);
  }
}
