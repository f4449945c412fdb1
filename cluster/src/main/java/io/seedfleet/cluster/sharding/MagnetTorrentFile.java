package io.seedfleet.cluster.sharding;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The .torrent the fleet keeps for a torrent added by magnet: the info dictionary fetched by BEP 9,
 * byte for byte (so the info-hash is unchanged), and the magnet's trackers as one BEP 12 tier each,
 * so replicas that later start from the stored file still announce where the magnet said.
 */
final class MagnetTorrentFile {
  private MagnetTorrentFile() {}

  static byte[] of(byte[] infoDictionary, List<String> trackers) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(infoDictionary.length + 64 * (trackers.size() + 1));
    out.write('d');
    if (!trackers.isEmpty()) {
      string(out, "announce"); // the first tracker, for clients that read only BEP 3's key
      string(out, trackers.get(0));
      string(out, "announce-list");
      out.write('l');
      for (String tracker : trackers) {
        out.write('l');
        string(out, tracker);
        out.write('e');
      }
      out.write('e');
    }
    string(out, "info");
    out.writeBytes(infoDictionary);
    out.write('e');
    return out.toByteArray();
  }

  private static void string(ByteArrayOutputStream out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.writeBytes((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(bytes);
  }
}
