package io.seedfleet.engine.metainfo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns path elements from a .torrent file into names that are safe to resolve against a
 * download directory on any platform. A torrent's author controls these strings, so each element
 * is treated as one literal name, never as a path:
 *
 * <ul>
 *   <li>{@code ""}, {@code .} and {@code ..} are dropped;
 *   <li>NUL, control characters, {@code /}, {@code \} and {@code :} become {@code _}, so {@code
 *       /etc/passwd}, {@code C:\x} and {@code \\server} turn into plain names such as {@code
 *       _etc_passwd} and {@code C__x};
 *   <li>a leading {@code ~} becomes {@code _} (no home-directory expansion anywhere downstream);
 *   <li>a name longer than {@link #MAX_NAME_BYTES} UTF-8 bytes is cut, keeping its extension.
 * </ul>
 *
 * Undecodable UTF-8 has already become U+FFFD when the bytes were decoded (see {@code
 * BBytes.asString()}). Deduplication of names is {@link UniquePaths}' job.
 */
public final class PathSanitizer {
  /** The longest file name most file systems accept, in bytes. */
  public static final int MAX_NAME_BYTES = 255;
  /** The most path elements a file may have. */
  public static final int MAX_DEPTH = 100;
  /** The longest whole relative path (elements joined by {@code /}), in UTF-8 bytes. */
  public static final int MAX_PATH_BYTES = 4096;
  /** Extensions longer than this are not worth keeping when a name is cut. */
  private static final int MAX_KEPT_EXTENSION_BYTES = 32;

  private PathSanitizer() {}

  /**
   * Sanitises one path element.
   *
   * @return the safe name, or null when the element must be dropped ({@code ""}, {@code .},
   *     {@code ..})
   */
  public static String sanitizeElement(String raw) {
    if (raw.isEmpty() || raw.equals(".") || raw.equals("..")) {
      return null;
    }
    StringBuilder out = new StringBuilder(raw.length());
    raw.codePoints()
        .forEach(cp -> out.appendCodePoint(isUnsafe(cp) ? '_' : cp));
    if (out.charAt(0) == '~') {
      out.setCharAt(0, '_');
    }
    return truncate(out.toString(), MAX_NAME_BYTES);
  }

  /**
   * Sanitises a list of path elements, dropping the ones that must go.
   *
   * @throws MetainfoException {@link MetainfoError#INVALID_PATH} when deeper than {@link
   *     #MAX_DEPTH}
   */
  public static List<String> sanitizePath(List<String> raw) throws MetainfoException {
    if (raw.size() > MAX_DEPTH) {
      throw new MetainfoException(
          MetainfoError.INVALID_PATH,
          "path has " + raw.size() + " elements, more than " + MAX_DEPTH);
    }
    List<String> out = new ArrayList<>(raw.size());
    for (String element : raw) {
      String safe = sanitizeElement(element);
      if (safe != null) {
        out.add(safe);
      }
    }
    return out;
  }

  /** The UTF-8 length of the elements joined with {@code /}. */
  public static long joinedLength(List<String> path) {
    long bytes = Math.max(0, path.size() - 1);
    for (String element : path) {
      bytes += utf8Length(element);
    }
    return bytes;
  }

  /**
   * Cuts {@code name} to at most {@code maxBytes} UTF-8 bytes at a code-point boundary, keeping a
   * short extension ({@code .mkv}) when there is one.
   */
  public static String truncate(String name, int maxBytes) {
    if (utf8Length(name) <= maxBytes) {
      return name;
    }
    int dot = name.lastIndexOf('.');
    String extension = "";
    if (dot > 0 && utf8Length(name.substring(dot)) <= MAX_KEPT_EXTENSION_BYTES) {
      extension = name.substring(dot);
    }
    String stem = name.substring(0, name.length() - extension.length());
    return cutToBytes(stem, maxBytes - utf8Length(extension)) + extension;
  }

  /** The longest prefix of {@code s} that fits {@code maxBytes} UTF-8 bytes, whole code points. */
  static String cutToBytes(String s, int maxBytes) {
    StringBuilder cut = new StringBuilder();
    int used = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (used + size > maxBytes) {
        break;
      }
      cut.appendCodePoint(cp);
      used += size;
      i += Character.charCount(cp);
    }
    return cut.toString();
  }

  static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static boolean isUnsafe(int cp) {
    return cp < 0x20 || cp == 0x7f || cp == '/' || cp == '\\' || cp == ':'
        || (cp >= 0x80 && cp < 0xa0);
  }
}
