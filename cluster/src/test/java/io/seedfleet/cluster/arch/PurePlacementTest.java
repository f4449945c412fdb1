package io.seedfleet.cluster.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The placement decision stays pure, so it is unit-tested without a cluster. */
class PurePlacementTest {
  private static final JavaClasses CLUSTER = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.seedfleet.cluster");

  @Test
  void placementDoesNotDependOnPekkoOrTheRestOfTheFleet() {
    noClasses()
        .that().resideInAPackage("io.seedfleet.cluster.placement..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.pekko..", "scala..",
            "io.seedfleet.cluster.sharding..", "io.seedfleet.cluster.catalogue..", "io.seedfleet.engine..")
        .check(CLUSTER);
  }
}
