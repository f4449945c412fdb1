package io.seedfleet.engine.torrent;

import io.seedfleet.engine.metainfo.FileEntry;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.picker.PiecePicker;
import java.util.List;

/** Turns per-file priorities into per-piece priorities for the picker. */
final class FilePriorities {
  private FilePriorities() {}

  /** One priority per file, each 0 (skip) to 7. */
  static boolean fit(Metainfo metainfo, int[] filePriorities) {
    return filePriorities.length == metainfo.files().size()
        && java.util.Arrays.stream(filePriorities).allMatch(p -> p >= 0 && p <= 7);
  }

  static int[] toPiecePriorities(Metainfo metainfo, int[] filePriorities) {
    List<FileEntry> files = metainfo.files();
    if (filePriorities.length != files.size()) {
      throw new IllegalArgumentException(
          "expected " + files.size() + " file priorities, got " + filePriorities.length);
    }
    long[] offsets = new long[files.size()];
    long[] lengths = new long[files.size()];
    int[] priorities = filePriorities.clone();
    for (int i = 0; i < files.size(); i++) {
      offsets[i] = files.get(i).offset();
      lengths[i] = files.get(i).length();
      if (files.get(i).padding()) {
        priorities[i] = 0; // padding bytes never decide whether a piece is wanted
      }
    }
    return PiecePicker.piecePriorities(offsets, lengths, priorities, metainfo.pieceLength(), metainfo.totalLength());
  }
}
