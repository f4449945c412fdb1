package io.seedfleet.cluster.sharding;

import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.proto.cluster.v1.TorrentStatus;
import com.google.protobuf.ByteString;

/** Engine status snapshots to the Protobuf status that crosses nodes. */
final class StatusMapper {

  private StatusMapper() {}

  static TorrentStatus.Builder base(ReplicaId id, ReplicaContext context) {
    return TorrentStatus.newBuilder()
        .setInfoHash(ByteString.copyFrom(id.infoHash().bytes()))
        .setReplica(id.replica())
        .setNode(context.self().clusterAddress())
        .setBtAddress(context.self().btAddress().getHostString() + ":" + context.self().btAddress().getPort());
  }

  static TorrentStatus fromEngine(ReplicaId id, ReplicaContext context, io.seedfleet.engine.torrent.TorrentStatus s) {
    return base(id, context)
        .setState(state(s.state()))
        .setPiecesVerified(s.piecesVerified())
        .setPieceCount(s.pieceCount())
        .setBytesDownloaded(s.bytesDownloaded())
        .setBytesUploaded(s.bytesUploaded())
        .setDownloadRate(s.downloadRate())
        .setUploadRate(s.uploadRate())
        .setConnectedPeers(s.connectedPeers())
        .setError(s.error() == null ? "" : s.error())
        .build();
  }

  static TorrentStatus.State state(TorrentState state) {
    return switch (state) {
      case CHECKING -> TorrentStatus.State.CHECKING;
      case DOWNLOADING -> TorrentStatus.State.DOWNLOADING;
      case SEEDING -> TorrentStatus.State.SEEDING;
      case PAUSED -> TorrentStatus.State.PAUSED;
      case ERROR -> TorrentStatus.State.ERROR;
      case QUEUED -> TorrentStatus.State.QUEUED;
      case FINISHED -> TorrentStatus.State.FINISHED;
    };
  }
}
