package dev.unicore.builderworker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The builder worker: see {@code builder-worker/README.md}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BuilderWorkerApplication {
  public static void main(String[] arguments) {
    SpringApplication.run(BuilderWorkerApplication.class, arguments);
  }
}
