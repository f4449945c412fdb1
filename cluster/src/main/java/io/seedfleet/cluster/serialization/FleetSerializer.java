package io.seedfleet.cluster.serialization;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.seedfleet.cluster.catalogue.MetainfoService;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.proto.cluster.v1.MetainfoReply;
import io.seedfleet.proto.cluster.v1.MetainfoRequest;
import io.seedfleet.cluster.sharding.TorrentReplica;
import io.seedfleet.proto.cluster.v1.EnsureReplica;
import io.seedfleet.proto.cluster.v1.FleetPolicy;
import io.seedfleet.proto.cluster.v1.RecheckReplica;
import io.seedfleet.proto.cluster.v1.GetReplicaStatus;
import io.seedfleet.proto.cluster.v1.StopReplica;
import io.seedfleet.proto.cluster.v1.TorrentSpec;
import io.seedfleet.proto.cluster.v1.TorrentStatus;
import java.io.NotSerializableException;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Protobuf for every fleet message that crosses nodes: catalogue values, replica commands (inside
 * sharding envelopes) and their replies. Bytes that do not parse fail with a
 * {@link NotSerializableException} naming the manifest; Pekko logs it and drops the message.
 */
public final class FleetSerializer extends SerializerWithStringManifest {

  /** Fixed forever: nodes of different versions must agree on it. */
  public static final int IDENTIFIER = 7_401_001;
  /** Larger than any sane .torrent (Metainfo.MAX_TORRENT_SIZE is 10 MB) plus the spec's fields. */
  private static final int MAX_MESSAGE_BYTES = 11_000_000;
  /** Actor paths are short; a longer one is garbage. */
  private static final int MAX_REF_CHARS = 1024;

  static final String SPEC = "S";
  static final String STATUS = "T";
  static final String ENSURE = "E";
  static final String GET_STATUS = "G";
  static final String STOP = "X";
  static final String METAINFO_REQUEST = "MQ";
  static final String POLICY = "P";
  static final String RECHECK = "R";
  static final String METAINFO_REPLY = "MR";

  private final ExtendedActorSystem system;
  private volatile ActorRefResolver resolver;

  public FleetSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    return switch (o) {
      case TorrentSpec s -> SPEC;
      case TorrentStatus s -> STATUS;
      case TorrentReplica.Ensure e -> ENSURE;
      case TorrentReplica.GetStatus g -> GET_STATUS;
      case TorrentReplica.Stop s -> STOP;
      case TorrentReplica.Recheck r -> RECHECK;
      case FleetPolicy p -> POLICY;
      case MetainfoService.Request r -> METAINFO_REQUEST;
      case MetainfoService.Reply r -> METAINFO_REPLY;
      default -> throw new IllegalArgumentException("FleetSerializer cannot serialize " + o.getClass().getName());
    };
  }

  @Override
  public byte[] toBinary(Object o) {
    return switch (o) {
      case TorrentSpec s -> s.toByteArray();
      case TorrentStatus s -> s.toByteArray();
      case TorrentReplica.Ensure e -> EnsureReplica.newBuilder().setReplyTo(refToString(e.replyTo())).build().toByteArray();
      case TorrentReplica.GetStatus g -> GetReplicaStatus.newBuilder().setReplyTo(refToString(g.replyTo())).build().toByteArray();
      case TorrentReplica.Stop s -> StopReplica.getDefaultInstance().toByteArray();
      case TorrentReplica.Recheck r -> RecheckReplica.getDefaultInstance().toByteArray();
      case FleetPolicy p -> p.toByteArray();
      case MetainfoService.Request r -> MetainfoRequest.newBuilder()
          .setInfoHash(ByteString.copyFrom(r.infoHash().bytes())).setReplyTo(refToString(r.replyTo())).build().toByteArray();
      case MetainfoService.Reply r -> MetainfoReply.newBuilder()
          .setInfoHash(ByteString.copyFrom(r.infoHash().bytes())).setMetainfo(ByteString.copyFrom(r.torrentFile()))
          .build().toByteArray();
      default -> throw new IllegalArgumentException("FleetSerializer cannot serialize " + o.getClass().getName());
    };
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    if (bytes.length > MAX_MESSAGE_BYTES) {
      throw new NotSerializableException("fleet message " + manifest + " too large: " + bytes.length + " bytes");
    }
    try {
      return switch (manifest) {
        case SPEC -> TorrentSpec.parseFrom(bytes);
        case STATUS -> TorrentStatus.parseFrom(bytes);
        case ENSURE -> new TorrentReplica.Ensure(refOrNull(EnsureReplica.parseFrom(bytes).getReplyTo()));
        case GET_STATUS -> {
          ActorRef<TorrentStatus> replyTo = refOrNull(GetReplicaStatus.parseFrom(bytes).getReplyTo());
          if (replyTo == null) {
            throw new NotSerializableException("GetReplicaStatus without reply_to");
          }
          yield new TorrentReplica.GetStatus(replyTo);
        }
        case STOP -> {
          StopReplica.parseFrom(bytes);
          yield TorrentReplica.Stop.INSTANCE;
        }
        case RECHECK -> {
          RecheckReplica.parseFrom(bytes);
          yield TorrentReplica.Recheck.INSTANCE;
        }
        case POLICY -> FleetPolicy.parseFrom(bytes);
        case METAINFO_REQUEST -> {
          MetainfoRequest request = MetainfoRequest.parseFrom(bytes);
          ActorRef<MetainfoService.Command> replyTo = refOrNull(request.getReplyTo());
          if (replyTo == null) {
            throw new NotSerializableException("MetainfoRequest without reply_to");
          }
          yield new MetainfoService.Request(infoHash(request.getInfoHash()), replyTo);
        }
        case METAINFO_REPLY -> {
          MetainfoReply reply = MetainfoReply.parseFrom(bytes);
          yield new MetainfoService.Reply(infoHash(reply.getInfoHash()), reply.getMetainfo().toByteArray());
        }
        default -> throw new NotSerializableException("unknown fleet message manifest '" + manifest + "'");
      };
    } catch (InvalidProtocolBufferException e) {
      NotSerializableException failure =
          new NotSerializableException("corrupt fleet message " + manifest + ": " + e.getMessage());
      failure.initCause(e);
      throw failure;
    }
  }

  private static InfoHash infoHash(ByteString bytes) throws NotSerializableException {
    if (bytes.size() != 20) {
      throw new NotSerializableException("info-hash of " + bytes.size() + " bytes in a fleet message");
    }
    return InfoHash.of(bytes.toByteArray());
  }

  private String refToString(ActorRef<?> ref) {
    return ref == null ? "" : resolver().toSerializationFormat(ref);
  }

  private <T> ActorRef<T> refOrNull(String path) throws NotSerializableException {
    if (path.isEmpty()) {
      return null;
    }
    if (path.length() > MAX_REF_CHARS) {
      throw new NotSerializableException("actor ref too long: " + path.length() + " chars");
    }
    try {
      return resolver().resolveActorRef(path);
    } catch (RuntimeException e) {
      NotSerializableException failure = new NotSerializableException("bad actor ref in fleet message: " + e.getMessage());
      failure.initCause(e);
      throw failure;
    }
  }

  private ActorRefResolver resolver() {
    ActorRefResolver r = resolver;
    if (r == null) {
      r = ActorRefResolver.get(Adapter.toTyped(system));
      resolver = r;
    }
    return r;
  }
}
