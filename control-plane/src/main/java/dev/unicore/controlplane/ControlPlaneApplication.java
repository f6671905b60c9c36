package dev.unicore.controlplane;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ControlPlaneApplication {
  public static void main(String[] arguments) {
    SpringApplication.run(ControlPlaneApplication.class, arguments);
  }
}
