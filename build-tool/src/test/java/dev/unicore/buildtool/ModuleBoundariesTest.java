package dev.unicore.buildtool;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The build tool's layering: the command line sits on top; the build engine (which the builder
 * workers reuse), the runner and the setup steps know nothing of it or of each other, and only the
 * command line uses picocli.
 */
class ModuleBoundariesTest {
  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.unicore.buildtool");

  @Test
  void nothingDependsOnTheCommandLine() {
    noClasses()
        .that()
        .resideOutsideOfPackage("..buildtool.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("..buildtool.cli..")
        .check(classes);
  }

  @Test
  void engineRunnerAndSetupAreIndependent() {
    noClasses()
        .that()
        .resideInAPackage("..buildtool.build..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..buildtool.run..", "..buildtool.setup..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("..buildtool.run..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..buildtool.build..", "..buildtool.setup..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("..buildtool.setup..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..buildtool.build..", "..buildtool.run..")
        .check(classes);
  }

  @Test
  void theLocalPlatformKnowsNothingOfTheEngineRunnerOrSetup() {
    noClasses()
        .that()
        .resideInAPackage("..buildtool.platform..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..buildtool.build..", "..buildtool.run..", "..buildtool.setup..")
        .check(classes);
  }

  @Test
  void onlyTheCommandLineUsesPicocli() {
    noClasses()
        .that()
        .resideOutsideOfPackage("..buildtool.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("picocli..")
        .check(classes);
  }
}
