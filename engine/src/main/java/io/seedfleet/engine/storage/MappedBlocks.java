package io.seedfleet.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@link TorrentStorage#mapBlock}: blocks as views of the files' mapped pages (ADR 0012). */
final class MappedBlocks {
  private final PieceLayout layout;
  /** The checked location of each file; null for padding files. */
  private final Path[] paths;
  private final FileHandlePool handles;

  MappedBlocks(PieceLayout layout, Path[] paths, FileHandlePool handles) {
    this.layout = layout;
    this.paths = paths;
    this.handles = handles;
  }

  List<ByteBuffer> map(int piece, int begin, int length) throws IOException {
    List<ByteBuffer> views = new ArrayList<>(2);
    for (FileSlice slice : layout.slices(piece, begin, length)) {
      if (paths[slice.fileIndex()] == null) {
        return null;
      }
      FileHandlePool.Handle handle = handles.acquire(slice.fileIndex(), false);
      try {
        long at = slice.fileOffset();
        for (int left = slice.length(); left > 0; ) {
          int part = (int) Math.min(left, MappedWindows.toWindowEnd(at));
          MappedByteBuffer view = (MappedByteBuffer) handle.maps.view(handle.channel, at, part);
          if (view == null) {
            return null;
          }
          load(view, slice);
          views.add(view);
          at += part;
          left -= part;
        }
      } catch (ClosedChannelException e) {
        return null; // another thread's interrupt closed the channel: readBlock reopens it
      } catch (IOException e) {
        throw StorageException.wrap(e, describe(slice));
      } finally {
        handles.release(handle);
      }
    }
    return views;
  }

  /**
   * Faults the view's pages in, on this (disk) thread. If another program truncated the file since
   * the size check, the fault is an {@link InternalError}, which must not reach a Pekko dispatcher:
   * it treats every {@link VirtualMachineError} as fatal and stops the JVM.
   */
  private void load(MappedByteBuffer view, FileSlice slice) throws StorageException {
    try {
      view.load();
    } catch (InternalError e) {
      throw new StorageException(StorageError.IO_ERROR, "file changed while mapped: " + describe(slice), e);
    }
  }

  private String describe(FileSlice slice) {
    return "file " + paths[slice.fileIndex()] + " at " + slice.fileOffset();
  }
}
