package dev.unicore.agent.local;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The agent's packages and what each may use: only {@code controlplane} speaks the generated
 * client; {@code image} (pulling) and {@code runtime} (processes) know nothing of the protocol;
 * {@code image} knows nothing of processes; Spring stays in {@code lifecycle} and the main class.
 */
class ModuleBoundariesTest {
  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.unicore.agent.local");

  @Test
  void onlyTheControlPlaneAdapterUsesTheGeneratedClient() {
    noClasses()
        .that()
        .resideOutsideOfPackage("..agent.local.controlplane..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.unicore.client..")
        .check(classes);
  }

  @Test
  void imagesAndProcessesKnowNothingOfTheProtocol() {
    noClasses()
        .that()
        .resideInAnyPackage("..agent.local.image..", "..agent.local.runtime..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "..agent.local.reconcile..",
            "..agent.local.controlplane..",
            "..agent.local.lifecycle..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("..agent.local.image..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("..agent.local.runtime..")
        .check(classes);
  }

  @Test
  void springStaysInTheLifecyclePackage() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "..agent.local.image..",
            "..agent.local.runtime..",
            "..agent.local.reconcile..",
            "..agent.local.controlplane..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.springframework..")
        .check(classes);
  }
}
