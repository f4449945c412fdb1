package io.seedfleet.cluster;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadRootsTest {
  @TempDir Path tmp;

  @Test
  void insideARootIsAllowedEvenWhenItDoesNotExistYet() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    DownloadRoots roots = new DownloadRoots(List.of(root.toString()));
    assertThatCode(() -> roots.check(root.resolve("a/b").toString())).doesNotThrowAnyException();
    assertThatCode(() -> roots.check(root.toString())).doesNotThrowAnyException();
  }

  @Test
  void outsideDotDotRelativeAndPrefixLookalikesAreRefused() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.createDirectories(tmp.resolve("root-evil"));
    DownloadRoots roots = new DownloadRoots(List.of(root.toString()));
    assertThatThrownBy(() -> roots.check(tmp.resolve("other").toString())).isInstanceOf(DownloadRoots.OutsideRootsException.class);
    assertThatThrownBy(() -> roots.check(root + "/../other")).hasMessageContaining("normalized");
    assertThatThrownBy(() -> new DownloadRoots(List.of(root.toString()), "x.publish-roots").check(tmp.resolve("o").toString()))
        .hasMessageContaining("x.publish-roots");
    assertThatThrownBy(() -> roots.check("relative/dir")).hasMessageContaining("absolute");
    assertThatThrownBy(() -> roots.check(tmp.resolve("root-evil").toString())).isInstanceOf(DownloadRoots.OutsideRootsException.class);
  }

  @Test
  void aSymbolicLinkInsideThatLeadsOutIsRefused() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path outside = Files.createDirectories(tmp.resolve("secret"));
    Files.createSymbolicLink(root.resolve("link"), outside);
    DownloadRoots roots = new DownloadRoots(List.of(root.toString()));
    assertThatThrownBy(() -> roots.check(root.resolve("link").resolve("x").toString()))
        .isInstanceOf(DownloadRoots.OutsideRootsException.class);
  }

  @Test
  void withNoRootsCustomDirectoriesAreOff() {
    assertThatThrownBy(() -> new DownloadRoots(List.of()).check(tmp.toString())).hasMessageContaining("download-roots");
  }
}
