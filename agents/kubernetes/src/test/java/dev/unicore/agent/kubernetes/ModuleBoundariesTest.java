package dev.unicore.agent.kubernetes;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The operator's packages and what each may use: {@code crd} is the resource's shape and knows
 * nothing else; only {@code controlplane} speaks the generated client; {@code reconcile} (the
 * cluster side) knows nothing of the control plane; Spring stays in {@code lifecycle} and the main
 * class.
 */
class ModuleBoundariesTest {
  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.unicore.agent.kubernetes");

  @Test
  void theResourceClassesDependOnNothingOfTheOperator() {
    noClasses()
        .that()
        .resideInAPackage("..agent.kubernetes.crd..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "..agent.kubernetes.reconcile..",
            "..agent.kubernetes.controlplane..",
            "..agent.kubernetes.registry..",
            "..agent.kubernetes.lifecycle..")
        .check(classes);
  }

  @Test
  void onlyTheControlPlaneLinkUsesTheGeneratedClient() {
    noClasses()
        .that()
        .resideOutsideOfPackage("..agent.kubernetes.controlplane..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.unicore.client..")
        .check(classes);
    noClasses()
        .that()
        .resideInAnyPackage("..agent.kubernetes.reconcile..", "..agent.kubernetes.registry..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("..agent.kubernetes.controlplane..")
        .check(classes);
  }

  @Test
  void springStaysInTheLifecyclePackage() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "..agent.kubernetes.crd..",
            "..agent.kubernetes.reconcile..",
            "..agent.kubernetes.registry..",
            "..agent.kubernetes.controlplane..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.springframework..")
        .check(classes);
  }
}
