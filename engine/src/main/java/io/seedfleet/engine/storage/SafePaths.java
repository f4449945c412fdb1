package io.seedfleet.engine.storage;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Resolves torrent file paths under a download root so that nothing is ever read or written
 * outside it (RELIABILITY.md cases 18, 19, 24).
 *
 * <p>Three layers, each enough on its own against a hostile .torrent: the path components are
 * re-validated (the metainfo parser already sanitises them; this is defence in depth); the
 * lexical path is normalised and must start with the root; and every component that exists on
 * disk is inspected without following links: a symbolic link anywhere below the root is refused,
 * and the real path of the deepest existing component must still lie under the root's real path.
 *
 * <p>Residual risk: between these checks and the {@code open} a local attacker who can write into
 * the download directory could swap a directory for a link (a TOCTOU race). Closing it needs
 * {@code openat2(RESOLVE_BENEATH)}, which the JDK does not expose. The final component is opened
 * with {@link LinkOption#NOFOLLOW_LINKS}, so at least a swapped-in file link is refused.
 *
 * <p>The root itself is trusted operator configuration and may sit behind links (e.g. a mount).
 */
public final class SafePaths {
  private SafePaths() {}

  /**
   * Checks one path component: not empty, not {@code .} or {@code ..}, no {@code /}, {@code \} or
   * NUL, and a single relative name on this file system.
   */
  public static void checkComponent(Path root, String component) throws StorageException {
    if (component == null
        || component.isEmpty()
        || component.equals(".")
        || component.equals("..")
        || component.indexOf('/') >= 0
        || component.indexOf('\\') >= 0
        || component.indexOf('\0') >= 0) {
      throw new StorageException(
          StorageError.INVALID_PATH, "illegal path component " + quote(component));
    }
    Path single;
    try {
      single = root.getFileSystem().getPath(component);
    } catch (RuntimeException e) { // InvalidPathException
      throw new StorageException(
          StorageError.INVALID_PATH, "illegal path component " + quote(component), e);
    }
    if (single.isAbsolute() || single.getNameCount() != 1 || single.getRoot() != null) {
      throw new StorageException(
          StorageError.INVALID_PATH, "illegal path component " + quote(component));
    }
  }

  /**
   * The lexical location of {@code components} under {@code root}, without touching the disk.
   *
   * @param root an absolute, normalised directory
   * @throws StorageException INVALID_PATH for a bad component, PATH_OUTSIDE_ROOT if the result
   *     escapes the root
   */
  public static Path resolve(Path root, List<String> components) throws StorageException {
    if (components.isEmpty()) {
      throw new StorageException(StorageError.INVALID_PATH, "empty path");
    }
    Path path = root;
    for (String component : components) {
      checkComponent(root, component);
      path = path.resolve(component);
    }
    path = path.normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new StorageException(
          StorageError.PATH_OUTSIDE_ROOT, path + " is not inside " + root);
    }
    return path;
  }

  /**
   * Inspects every existing component of {@code file} below {@code realRoot} without following
   * links.
   *
   * @param realRoot the root's {@link Path#toRealPath real path}
   * @param file a path returned by {@link #resolve} against {@code realRoot}
   * @return true if {@code file} exists (and is a regular file)
   * @throws StorageException SYMLINK_REFUSED for a link, NOT_A_REGULAR_FILE or INVALID_PATH for a
   *     wrong file type, PATH_OUTSIDE_ROOT if the real path escapes
   */
  public static boolean checkExisting(Path realRoot, Path file) throws StorageException {
    requireUnder(realRoot, file);
    int depth = file.getNameCount() - realRoot.getNameCount();
    Path current = realRoot;
    Path deepestExisting = null;
    boolean exists = false;
    for (int i = 0; i < depth; i++) {
      current = current.resolve(file.getName(realRoot.getNameCount() + i));
      BasicFileAttributes attributes;
      try {
        attributes =
            Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        break;
      } catch (IOException e) {
        throw StorageException.wrap(e, "cannot inspect " + current);
      }
      if (attributes.isSymbolicLink()) {
        throw new StorageException(
            StorageError.SYMLINK_REFUSED, current + " is a symbolic link; links are not followed");
      }
      boolean last = i == depth - 1;
      if (last && !attributes.isRegularFile()) {
        throw new StorageException(
            StorageError.NOT_A_REGULAR_FILE, current + " exists but is not a regular file");
      }
      if (!last && !attributes.isDirectory()) {
        throw new StorageException(
            StorageError.INVALID_PATH, current + " exists but is not a directory");
      }
      deepestExisting = current;
      exists = last;
    }
    if (deepestExisting != null) {
      checkRealPath(realRoot, deepestExisting);
    }
    return exists;
  }

  /**
   * Creates the missing parent directories of {@code file} one level at a time, refusing links;
   * unlike {@link Files#createDirectories} it never follows a link planted on the way.
   */
  public static void createParentDirectories(Path realRoot, Path file) throws StorageException {
    requireUnder(realRoot, file);
    int depth = file.getNameCount() - realRoot.getNameCount();
    Path current = realRoot;
    for (int i = 0; i < depth - 1; i++) {
      current = current.resolve(file.getName(realRoot.getNameCount() + i));
      try {
        Files.createDirectory(current);
      } catch (FileAlreadyExistsException e) {
        // Exists already (possibly created by another disk thread): checked below.
      } catch (IOException e) {
        throw StorageException.wrap(e, "cannot create directory " + current);
      }
      BasicFileAttributes attributes;
      try {
        attributes =
            Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        throw StorageException.wrap(e, "cannot inspect " + current);
      }
      if (attributes.isSymbolicLink()) {
        throw new StorageException(
            StorageError.SYMLINK_REFUSED, current + " is a symbolic link; links are not followed");
      }
      if (!attributes.isDirectory()) {
        throw new StorageException(
            StorageError.INVALID_PATH, current + " exists but is not a directory");
      }
    }
    if (depth > 1) {
      checkRealPath(realRoot, current);
    }
  }

  private static void requireUnder(Path realRoot, Path file) throws StorageException {
    Path normal = file.normalize();
    if (!normal.equals(file) || !file.startsWith(realRoot) || file.equals(realRoot)) {
      throw new StorageException(
          StorageError.PATH_OUTSIDE_ROOT, file + " is not inside " + realRoot);
    }
  }

  private static void checkRealPath(Path realRoot, Path existing) throws StorageException {
    Path real;
    try {
      real = existing.toRealPath();
    } catch (IOException e) {
      throw StorageException.wrap(e, "cannot resolve " + existing);
    }
    if (!real.startsWith(realRoot)) {
      throw new StorageException(
          StorageError.PATH_OUTSIDE_ROOT, existing + " resolves to " + real + ", outside the root");
    }
  }

  private static String quote(String component) {
    if (component == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < component.length() && i < 64; i++) {
      char c = component.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : c);
    }
    return out.append(component.length() > 64 ? "...\"" : "\"").toString();
  }
}
