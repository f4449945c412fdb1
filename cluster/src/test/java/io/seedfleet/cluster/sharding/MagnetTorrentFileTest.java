package io.seedfleet.cluster.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.metainfo.Metainfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class MagnetTorrentFileTest {
  private static final byte[] INFO =
      "d6:lengthi5e4:name1:a12:piece lengthi16384e6:pieces20:aaaaaaaaaaaaaaaaaaaae".getBytes();

  @Test
  void keepsTheInfoDictionaryByteForByteAndTheTrackersOnePerTier() throws Exception {
    Metainfo fromMagnet = Metainfo.fromInfoDict(INFO, List.of());
    byte[] file = MagnetTorrentFile.of(INFO, List.of("http://t.example/announce", "udp://u.example:6969"));

    Metainfo stored = Metainfo.parse(file);
    assertThat(stored.infoBytes()).isEqualTo(INFO);
    assertThat(stored.infoHash()).isEqualTo(fromMagnet.infoHash());
    assertThat(stored.announceTiers())
        .containsExactly(List.of("http://t.example/announce"), List.of("udp://u.example:6969"));
  }

  @Test
  void withoutTrackersItIsTheBareInfoDictionary() throws Exception {
    byte[] file = MagnetTorrentFile.of(INFO, List.of());
    assertThat(new String(file)).isEqualTo("d4:info" + new String(INFO) + "e");
    assertThat(Metainfo.parse(file).announceTiers()).isEmpty();
  }
}
