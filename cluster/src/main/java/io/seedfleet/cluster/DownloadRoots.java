package io.seedfleet.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The directories an operator allows torrents to be saved in besides the data directory
 * ({@code seedfleet.fleet.download-roots}). A custom download directory must lie inside one of
 * them, by its normalized path and by the real path of its nearest existing ancestor, so neither
 * {@code ..} nor a planted symbolic link leads a write elsewhere.
 */
public final class DownloadRoots {
  private final List<Path> roots;
  private final String setting;

  public DownloadRoots(List<String> roots) {
    this(roots, "seedfleet.fleet.download-roots");
  }

  /** Roots read from the config key {@code setting}, which error messages name. */
  public DownloadRoots(List<String> roots, String setting) {
    this.roots = roots.stream().map(r -> Path.of(r).toAbsolutePath().normalize()).toList();
    this.setting = setting;
  }

  /** A torrent may not be saved in {@code dir}; the message says why (HTTP 403). */
  public static final class OutsideRootsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    OutsideRootsException(String message) {
      super(message);
    }
  }

  /** Throws {@link OutsideRootsException} unless {@code dir} is inside an allowed root. */
  public void check(String dir) {
    Path path = Path.of(dir);
    if (!path.isAbsolute() || !path.normalize().equals(path)) {
      throw new OutsideRootsException("path must be absolute and normalized: " + dir);
    }
    if (roots.isEmpty()) {
      throw new OutsideRootsException("no directory is allowed on this node: set " + setting);
    }
    for (Path root : roots) {
      if (path.startsWith(root) && realPathInside(path, root)) {
        return;
      }
    }
    throw new OutsideRootsException(dir + " is outside " + setting + " " + roots);
  }

  private static boolean realPathInside(Path path, Path root) {
    try {
      Path existing = path;
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      if (existing == null) {
        return false;
      }
      Path realRoot = Files.exists(root) ? root.toRealPath() : root;
      return existing.toRealPath().startsWith(realRoot);
    } catch (IOException e) {
      return false;
    }
  }
}
