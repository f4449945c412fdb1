package io.seedfleet.engine.metainfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Makes sanitised file paths unique, also case-insensitively (the download directory may be on a
 * case-insensitive file system), so that two files of a torrent never land on the same disk
 * file. Files are taken in torrent order; the first keeps its name and later ones get a
 * deterministic suffix before the extension: {@code a.txt}, {@code a.1.txt}, {@code a.2.txt}. A
 * file that collides with a directory of an earlier file is renamed the same way, and a directory
 * that collides with an earlier file is renamed consistently for every file under it.
 *
 * <p>Work is linear in the number of files: each failed candidate name is an earlier file's name,
 * and the suffix counter of a name only grows.
 */
final class UniquePaths {
  /** The most files that may share one name; more is a hostile torrent. */
  static final int MAX_DUPLICATES = 1000;

  private enum Kind {
    FILE,
    DIRECTORY
  }

  /** Case-folded full paths already in use. */
  private final Map<String, Kind> taken = new HashMap<>();
  /** Directory renames: case-folded resolved parent + "/" + original element -> resolved name. */
  private final Map<String, String> directoryNames = new HashMap<>();
  /** Next suffix to try for a case-folded parent + "/" + name. */
  private final Map<String, Integer> nextSuffix = new HashMap<>();

  /** Returns {@code path} or a renamed copy that no earlier path collides with. */
  List<String> claim(List<String> path) throws MetainfoException {
    List<String> resolved = new ArrayList<>(path.size());
    String parentKey = "";
    for (int i = 0; i < path.size() - 1; i++) {
      String element = path.get(i);
      String aliasKey = parentKey + "/" + element;
      String name = directoryNames.get(aliasKey);
      if (name == null) {
        name = element;
        if (taken.get(childKey(parentKey, name)) == Kind.FILE) {
          name = freeName(parentKey, name);
        }
        taken.putIfAbsent(childKey(parentKey, name), Kind.DIRECTORY);
        directoryNames.put(aliasKey, name);
      }
      resolved.add(name);
      parentKey = childKey(parentKey, name);
    }
    String fileName = path.get(path.size() - 1);
    if (taken.containsKey(childKey(parentKey, fileName))) {
      fileName = freeName(parentKey, fileName);
    }
    taken.put(childKey(parentKey, fileName), Kind.FILE);
    resolved.add(fileName);
    return resolved;
  }

  private String freeName(String parentKey, String name) throws MetainfoException {
    String counterKey = childKey(parentKey, name);
    int dot = name.lastIndexOf('.');
    boolean keepExtension = dot > 0 && PathSanitizer.utf8Length(name.substring(dot)) <= 32;
    String stem = keepExtension ? name.substring(0, dot) : name;
    String extension = keepExtension ? name.substring(dot) : "";
    int suffix = nextSuffix.getOrDefault(counterKey, 1);
    while (true) {
      if (suffix > MAX_DUPLICATES) {
        throw new MetainfoException(
            MetainfoError.TOO_MANY_DUPLICATE_FILENAMES,
            "more than " + MAX_DUPLICATES + " files named " + name);
      }
      // Cut the stem, never the suffix, so that a 255-byte name still gets a distinct candidate.
      String tail = "." + suffix + extension;
      String candidate =
          PathSanitizer.cutToBytes(
                  stem, PathSanitizer.MAX_NAME_BYTES - PathSanitizer.utf8Length(tail))
              + tail;
      suffix++;
      if (!taken.containsKey(childKey(parentKey, candidate))) {
        nextSuffix.put(counterKey, suffix);
        return candidate;
      }
    }
  }

  private static String childKey(String parentKey, String name) {
    return parentKey + "/" + name.toLowerCase(Locale.ROOT);
  }
}
