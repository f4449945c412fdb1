package io.seedfleet.engine.picker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** STYLE.md §1: the picker and the choker are pure code, usable without an actor system. */
class PurePackagesTest {
  @Test
  void pickerAndChokerDoNotDependOnPekko() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.seedfleet.engine.picker", "io.seedfleet.engine.choke");
    noClasses().should().dependOnClassesThat().resideInAPackage("org.apache.pekko..")
        .because("pure protocol packages never import Pekko")
        .check(classes);
  }
}
