package io.seedfleet.ops.cli;

import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.engine.torrent.TorrentStatus;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The download progress display: a live bar on a terminal; on CI or when output is not a terminal,
 * plain lines every few seconds (no carriage returns, no escape codes).
 */
final class Progress implements AutoCloseable {
  private final ProgressBar bar;

  Progress(String name, long totalBytes, PrintStream out) {
    boolean plain = System.console() == null || System.getenv("CI") != null;
    ProgressBarBuilder builder = new ProgressBarBuilder()
        .setTaskName(truncate(name, 24))
        .setInitialMax(Math.max(1, totalBytes / (1 << 20)))
        .setUnit(" MiB", 1)
        .showSpeed()
        .setMaxRenderedLength(120);
    if (plain) {
      builder.setConsumer(new DelegatingProgressBarConsumer(out::println)).setUpdateIntervalMillis(5000)
          .setStyle(ProgressBarStyle.ASCII);
    } else {
      builder.setConsumer(new ConsoleProgressBarConsumer(out)).setUpdateIntervalMillis(250);
    }
    this.bar = builder.build();
  }

  void update(TorrentStatus status) {
    bar.stepTo(status.bytesVerified() / (1 << 20));
    String phase = status.state() == TorrentState.CHECKING
        ? "checking " + status.checkProgress() + "/" + status.pieceCount()
        : status.connectedPeers() + " peers, " + human(status.downloadRate()) + "/s down, " + human(status.uploadRate()) + "/s up";
    bar.setExtraMessage(String.format(" %.1f%% %s", status.progress() * 100, phase));
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    int unit = (63 - Long.numberOfLeadingZeros(bytes)) / 10;
    return String.format("%.1f %siB", bytes / (double) (1L << (unit * 10)), " KMGTPE".charAt(unit));
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  @Override
  public void close() {
    bar.close();
  }
}
