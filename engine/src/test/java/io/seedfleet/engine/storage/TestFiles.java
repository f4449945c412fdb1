package io.seedfleet.engine.storage;

import io.seedfleet.engine.metainfo.FileEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Builders and snapshots shared by the storage tests. */
final class TestFiles {
  private TestFiles() {}

  /**
   * Files from {@code "path/with/slashes:length"} specs, in stream order; a {@code "!"} prefix
   * marks a BEP 47 padding file.
   */
  static List<FileEntry> files(String... specs) {
    List<FileEntry> out = new ArrayList<>();
    long offset = 0;
    for (String spec : specs) {
      boolean padding = spec.startsWith("!");
      String body = padding ? spec.substring(1) : spec;
      int colon = body.lastIndexOf(':');
      long length = Long.parseLong(body.substring(colon + 1));
      out.add(new FileEntry(List.of(body.substring(0, colon).split("/")), length, offset, padding));
      offset += length;
    }
    return out;
  }

  static long total(List<FileEntry> files) {
    return files.stream().mapToLong(FileEntry::length).sum();
  }

  /** Deterministic pseudo-random bytes. */
  static byte[] bytes(int length, long seed) {
    byte[] out = new byte[length];
    new java.util.Random(seed).nextBytes(out);
    return out;
  }

  /** The torrent's byte stream with every padding file's bytes zeroed. */
  static byte[] stream(List<FileEntry> files, long seed) {
    byte[] data = bytes((int) total(files), seed);
    for (FileEntry file : files) {
      if (file.padding()) {
        Arrays.fill(data, (int) file.offset(), (int) (file.offset() + file.length()), (byte) 0);
      }
    }
    return data;
  }

  static byte[] sha1(byte[] data, int from, int to) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(data, from, to - from);
      return sha1.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Expected piece hashes of {@code data} cut into pieces of {@code pieceLength}. */
  static byte[][] pieceHashes(byte[] data, int pieceLength) {
    int count = (data.length + pieceLength - 1) / pieceLength;
    byte[][] out = new byte[count][];
    for (int i = 0; i < count; i++) {
      out[i] = sha1(data, i * pieceLength, Math.min(data.length, (i + 1) * pieceLength));
    }
    return out;
  }

  /**
   * Every entry under {@code dir}, not following links, with its type and content: equal
   * snapshots mean nothing was created, removed or modified.
   */
  static Map<String, String> snapshot(Path dir) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.toList()) {
        String key = dir.relativize(path).toString();
        if (Files.isSymbolicLink(path)) {
          out.put(key, "link->" + Files.readSymbolicLink(path));
        } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          out.put(key, "dir");
        } else {
          out.put(key, "file:" + Arrays.toString(sha1(Files.readAllBytes(path), 0,
              (int) Files.size(path))) + " mtime " + Files.getLastModifiedTime(path));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
