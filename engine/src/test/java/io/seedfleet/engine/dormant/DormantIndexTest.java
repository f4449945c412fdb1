package io.seedfleet.engine.dormant;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.torrent.TorrentState;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DormantIndexTest {
  static final Path DIR = Path.of("/srv/data");

  static DormantTorrent seed(int n) {
    byte[] hash = new byte[InfoHash.LENGTH];
    hash[0] = (byte) n;
    hash[19] = (byte) (n >> 8);
    return new DormantTorrent(InfoHash.of(hash), "release-" + n + ".iso", DIR, TorrentState.SEEDING, 4, 4, 0, 4096,
        4096, 4096, 123_456_789_012L, 1, n % 2 == 0, n % 3 == 0, n % 5 == 0 ? 1_700_000_000_000L : 0, null);
  }

  @Test
  void recordsSurviveARoundTrip() {
    List<DormantTorrent> torrents = List.of(seed(1), seed(2), seed(3),
        seed(4).failed("cannot read its .torrent copy: gone"),
        new DormantTorrent(seed(5).infoHash(), "half", Path.of("/other"), TorrentState.PAUSED, 10, 5, 5, 10_000, 5000,
            5000, 0, 0, false, true, 0, null));
    DormantIndex.Load load = DormantIndex.decode(DormantIndex.encode(torrents));
    assertThat(load).isEqualTo(new DormantIndex.Loaded(torrents));
  }

  @Test
  void recordsOfOneDirectoryShareOnePath() {
    var loaded = (DormantIndex.Loaded) DormantIndex.decode(DormantIndex.encode(List.of(seed(1), seed(2))));
    assertThat(loaded.torrents().get(0).downloadDir()).isSameAs(loaded.torrents().get(1).downloadDir());
  }

  @Test
  void anEmptyIndexIsUsable() {
    assertThat(DormantIndex.decode(DormantIndex.encode(List.of()))).isEqualTo(new DormantIndex.Loaded(List.of()));
  }

  @Test
  void aFlippedBitIsCaughtByTheChecksum() {
    byte[] bytes = DormantIndex.encode(List.of(seed(1)));
    bytes[12] ^= 1;
    assertThat(DormantIndex.decode(bytes)).isInstanceOf(DormantIndex.Unusable.class);
  }

  @Test
  void anotherVersionOrNoHeaderIsUnusable() {
    byte[] bytes = DormantIndex.encode(List.of(seed(1)));
    bytes[5] = 9;
    assertThat(((DormantIndex.Unusable) DormantIndex.decode(bytes)).reason()).contains("version 9");
    assertThat(DormantIndex.decode(new byte[] {1, 2, 3})).isInstanceOf(DormantIndex.Unusable.class);
  }

  @Test
  void aCountLargerThanTheBodyIsRefusedBeforeAllocating() {
    // body: varint 2^28 (records claimed), nothing else
    byte[] body = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01};
    DormantIndex.Load load = DormantIndex.decode(frame(body));
    assertThat(((DormantIndex.Unusable) load).reason()).contains("cannot fit");
  }

  @Test
  void theStoreWritesAtomicallyAndReadsBack(@TempDir Path tmp) throws Exception {
    DormantFiles files = new DormantFiles(tmp);
    assertThat(files.loadIndex()).isInstanceOf(DormantIndex.Unusable.class);
    files.saveIndex(List.of(seed(7)));
    assertThat(files.loadIndex()).isEqualTo(new DormantIndex.Loaded(List.of(seed(7))));
    try (var leftovers = Files.list(tmp)) {
      assertThat(leftovers.map(p -> p.getFileName().toString())).containsExactly(DormantFiles.INDEX_FILE);
    }
  }

  static byte[] frame(byte[] body) {
    ByteBuffer framed = ByteBuffer.allocate(6 + body.length + 4);
    framed.put(DormantIndex.MAGIC).putShort((short) DormantIndex.FORMAT_VERSION).put(body);
    CRC32 crc = new CRC32();
    crc.update(framed.array(), 0, framed.position());
    framed.putInt((int) crc.getValue());
    return framed.array();
  }
}
