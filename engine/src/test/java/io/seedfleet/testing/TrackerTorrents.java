package io.seedfleet.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Copies of a .torrent that point at a given tracker, so real clients find each other only through
 * it. The announce key is spliced in right after the opening {@code d}: "announce" sorts before
 * every other top-level key, and every other byte, the info dictionary included, stays as it was,
 * so the info-hash is unchanged.
 */
public final class TrackerTorrents {
  private TrackerTorrents() {}

  /** Writes {@code torrent} with {@code announce} set to {@code out}; the torrent must have no announce yet. */
  public static Path withAnnounce(Path torrent, String announceUrl, Path out) throws IOException {
    byte[] original = Files.readAllBytes(torrent);
    String existing = new String(original, StandardCharsets.ISO_8859_1);
    if (original.length == 0 || original[0] != 'd' || existing.startsWith("d8:announce")) {
      throw new IllegalArgumentException(torrent + " is not a torrent without an announce URL");
    }
    byte[] url = announceUrl.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream spliced = new ByteArrayOutputStream(original.length + url.length + 20);
    spliced.write('d');
    spliced.writeBytes(("8:announce" + url.length + ":").getBytes(StandardCharsets.US_ASCII));
    spliced.writeBytes(url);
    spliced.write(original, 1, original.length - 1);
    Files.write(out, spliced.toByteArray());
    return out;
  }
}
