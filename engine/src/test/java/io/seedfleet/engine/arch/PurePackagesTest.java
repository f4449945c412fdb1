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

  /** Codecs, tables and policies: plain Java. ("dht" without its "node" subpackage, which is the actor.) */
  private static final String[] PURE = {
      "io.seedfleet.engine.bencode..", "io.seedfleet.engine.metainfo..", "io.seedfleet.engine.wire..",
      "io.seedfleet.engine.picker..", "io.seedfleet.engine.choke..", "io.seedfleet.engine.storage..",
      "io.seedfleet.engine.lsd..", "io.seedfleet.engine.dht", "io.seedfleet.engine.tracker..",
      "io.seedfleet.engine.trackerd..", "io.seedfleet.engine.queue..", "io.seedfleet.engine.limit..",
      "io.seedfleet.engine.resume.."};

  /** Where the actors live. */
  private static final String[] ACTORS = {
      "io.seedfleet.engine.peer..", "io.seedfleet.engine.torrent..", "io.seedfleet.engine.session..",
      "io.seedfleet.engine.discovery..", "io.seedfleet.engine.dht.node..",
      "java.net.http.." /* HTTP transports belong with the actors, not the codecs */};

  @Test
  void purePackagesDoNotDependOnPekko() {
    noClasses()
        .that().resideInAnyPackage(PURE).or().resideInAnyPackage("io.seedfleet.engine.net..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.pekko..")
        .check(ENGINE);
  }

  @Test
  void purePackagesDoNotDependOnActors() {
    noClasses()
        .that().resideInAnyPackage(PURE)
        .should().dependOnClassesThat().resideInAnyPackage(ACTORS)
        .check(ENGINE);
  }
}
