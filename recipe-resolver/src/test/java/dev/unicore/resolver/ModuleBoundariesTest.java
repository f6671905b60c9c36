package dev.unicore.resolver;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The resolver module's layering: TOML reading knows nothing of manifests or recipes, models know
 * nothing of the resolver, and nothing here reaches outside the module but tomlj and the JDK.
 */
class ModuleBoundariesTest {
  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.unicore.resolver");

  @Test
  void tomlReadingDependsOnNoModel() {
    noClasses()
        .that()
        .resideInAPackage("..resolver.toml..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..resolver.manifest..", "..resolver.recipe..")
        .check(classes);
  }

  @Test
  void modelsDoNotDependOnTheResolver() {
    noClasses()
        .that()
        .resideInAnyPackage("..resolver.manifest..", "..resolver.recipe..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.unicore.resolver")
        .check(classes);
  }

  @Test
  void manifestsAndRecipesAreIndependent() {
    noClasses()
        .that()
        .resideInAPackage("..resolver.manifest..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("..resolver.recipe..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("..resolver.recipe..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("..resolver.manifest..")
        .check(classes);
  }

  @Test
  void tomlLibraryStaysInsideTheTomlPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("..resolver.toml..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.tomlj..")
        .check(classes);
  }
}
