package io.seedfleet.engine.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Protocol code stays pure: no actor, no Pekko, so it is unit-tested and fuzzed directly. */
class PurePackagesTest {
  private static final JavaClasses ENGINE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.seedfleet.engine");

  @Test
  void purePackagesDoNotDependOnPekko() {
    noClasses()
        .that().resideInAnyPackage(
            "io.seedfleet.engine.bencode..", "io.seedfleet.engine.metainfo..", "io.seedfleet.engine.wire..",
            "io.seedfleet.engine.picker..", "io.seedfleet.engine.choke..", "io.seedfleet.engine.storage..",
            "io.seedfleet.engine.net..", "io.seedfleet.engine.trackerd..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.pekko..")
        .check(ENGINE);
  }

  @Test
  void purePackagesDoNotDependOnActors() {
    noClasses()
        .that().resideInAnyPackage(
            "io.seedfleet.engine.bencode..", "io.seedfleet.engine.metainfo..", "io.seedfleet.engine.wire..",
            "io.seedfleet.engine.picker..", "io.seedfleet.engine.choke..", "io.seedfleet.engine.storage..",
            "io.seedfleet.engine.trackerd..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.seedfleet.engine.peer..", "io.seedfleet.engine.torrent..", "io.seedfleet.engine.session..")
        .check(ENGINE);
  }
}
