package io.seedfleet.engine.metainfo;

import io.seedfleet.engine.bencode.BBytes;
import io.seedfleet.engine.bencode.BDict;
import io.seedfleet.engine.bencode.BList;
import io.seedfleet.engine.bencode.BValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the v1 file list of an info dictionary ({@code length} for one file, {@code files} for
 * several) into sanitised, unique {@link FileEntry}s with stream offsets.
 */
final class FileListParser {
  private FileListParser() {}

  /** Parses the files; {@code name} is the already sanitised torrent name. */
  static List<FileEntry> parse(BDict info, String name) throws MetainfoException {
    BValue files = info.getOrNull("files");
    if (files != null) {
      if (!(files instanceof BList list)) {
        throw new MetainfoException(MetainfoError.NO_FILES, "files is not a list");
      }
      return parseMultiFile(list, name);
    }
    if (info.containsKey("length")) {
      long length = requireLength(info, "the file");
      return List.of(new FileEntry(List.of(name), length, 0, false));
    }
    if (info.containsKey("file tree")) {
      throw new MetainfoException(
          MetainfoError.V2_ONLY_UNSUPPORTED, "v2-only torrent: no v1 file list");
    }
    throw new MetainfoException(MetainfoError.NO_FILES, "neither length nor files");
  }

  private static List<FileEntry> parseMultiFile(BList list, String name)
      throws MetainfoException {
    if (list.size() == 0) {
      throw new MetainfoException(MetainfoError.NO_FILES, "the file list is empty");
    }
    UniquePaths unique = new UniquePaths();
    List<FileEntry> entries = new ArrayList<>(list.size());
    long offset = 0;
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof BDict file)) {
        throw new MetainfoException(MetainfoError.INVALID_PATH, "file " + i + " is not a dict");
      }
      long length = requireLength(file, "file " + i);
      boolean padding = isPadding(file);
      List<String> path = new ArrayList<>();
      path.add(name);
      List<String> elements = PathSanitizer.sanitizePath(rawPath(file, i));
      // Every element was ".", ".." or empty: keep the file under a placeholder name.
      path.addAll(elements.isEmpty() ? List.of("_") : elements);
      if (PathSanitizer.joinedLength(path) > PathSanitizer.MAX_PATH_BYTES) {
        throw new MetainfoException(
            MetainfoError.INVALID_PATH,
            "path of file " + i + " is longer than " + PathSanitizer.MAX_PATH_BYTES + " bytes");
      }
      // Pad files are never written to disk, so they need not be unique (libtorrent names them
      // by size, and many share a name).
      List<String> finalPath = padding ? path : unique.claim(path);
      entries.add(new FileEntry(finalPath, length, offset, padding));
      try {
        offset = Math.addExact(offset, length);
      } catch (ArithmeticException e) {
        throw new MetainfoException(MetainfoError.INVALID_LENGTH, "sum of file lengths overflows");
      }
    }
    return entries;
  }

  private static List<String> rawPath(BDict file, int index) throws MetainfoException {
    BList path = file.getListOrNull("path.utf-8");
    if (path == null || !allStrings(path)) {
      path = file.getListOrNull("path");
    }
    if (path == null || !allStrings(path)) {
      throw new MetainfoException(
          MetainfoError.INVALID_PATH, "file " + index + " has no path list of strings");
    }
    if (path.size() == 0) {
      throw new MetainfoException(MetainfoError.INVALID_PATH, "file " + index + " has no path");
    }
    if (path.size() > PathSanitizer.MAX_DEPTH) {
      throw new MetainfoException(
          MetainfoError.INVALID_PATH,
          "file " + index + " is " + path.size() + " levels deep, more than "
              + PathSanitizer.MAX_DEPTH);
    }
    List<String> raw = new ArrayList<>(path.size());
    for (BValue element : path.values()) {
      raw.add(((BBytes) element).asString());
    }
    return raw;
  }

  private static boolean allStrings(BList list) {
    for (BValue value : list.values()) {
      if (!(value instanceof BBytes)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isPadding(BDict file) {
    BBytes attr = file.getBytesOrNull("attr");
    if (attr == null) {
      return false;
    }
    for (int i = 0; i < attr.length(); i++) {
      if (attr.byteAt(i) == 'p') {
        return true;
      }
    }
    return false;
  }

  private static long requireLength(BDict dict, String what) throws MetainfoException {
    Long length = dict.getLong("length").orElse(null);
    if (length == null) {
      throw new MetainfoException(MetainfoError.INVALID_LENGTH, what + " has no integer length");
    }
    if (length < 0) {
      throw new MetainfoException(
          MetainfoError.INVALID_LENGTH, what + " has a negative length " + length);
    }
    return length;
  }
}
