package dev.unicore.builderworker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The engine runs in the sandbox with only the build tool, the resolver and the JDK on its class
 * path: it must not reach Spring, the control plane client or the worker's other packages, or the
 * sandboxed build fails with a missing class.
 */
class ModuleBoundariesTest {
  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.unicore.builderworker");

  @Test
  void theSandboxedEngineDependsOnlyOnTheBuildToolTheResolverAndTheJdk() {
    classes()
        .that()
        .resideInAPackage("..builderworker.engine..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "dev.unicore.buildtool..",
            "dev.unicore.resolver..",
            "..builderworker.engine..")
        .check(classes);
  }

  @Test
  void onlyTheLeasePackageTalksToTheControlPlane() {
    noClasses()
        .that()
        .resideOutsideOfPackage("..builderworker.lease..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.unicore.client..")
        .check(classes);
  }
}
