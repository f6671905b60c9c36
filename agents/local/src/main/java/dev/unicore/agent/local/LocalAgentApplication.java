package dev.unicore.agent.local;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class LocalAgentApplication {
  public static void main(String[] arguments) {
    SpringApplication.run(LocalAgentApplication.class, arguments);
  }
}
