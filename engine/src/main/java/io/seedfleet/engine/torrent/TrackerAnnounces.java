package io.seedfleet.engine.torrent;

import io.seedfleet.engine.discovery.TrackerClient;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The torrent's tracker client, a child that announces while the torrent runs: started when it
 * starts, told its progress, and told to stop (it then announces "stopped") when it stops. Owned by
 * the torrent actor, which spawns the child.
 */
final class TrackerAnnounces {
  private ActorRef<TrackerClient.Command> client;

  /** Starts announcing through the client {@code spawn} makes, unless a client is already running. */
  void start(Supplier<ActorRef<TrackerClient.Command>> spawn) {
    if (client == null) {
      client = spawn.get();
    }
  }

  void stop() {
    if (client != null) {
      client.tell(TrackerClient.Stop.INSTANCE);
      client = null;
    }
  }

  void progress(long uploaded, long downloaded, long left) {
    if (client != null) {
      client.tell(new TrackerClient.Progress(uploaded, downloaded, left));
    }
  }

  /** The whole torrent is on disk: the latest counts, then the one "completed" event. */
  void completed(long uploaded, long downloaded, long left) {
    if (client != null) {
      progress(uploaded, downloaded, left);
      client.tell(TrackerClient.Completed.INSTANCE);
    }
  }
}
