package io.seedfleet.engine.peer;

import io.seedfleet.engine.wire.extension.UtMetadata;
import io.seedfleet.engine.wire.extension.UtMetadataMessage;
import java.nio.ByteBuffer;

/**
 * Answers one connection's ut_metadata requests with a budget, so that a peer cannot turn a few
 * bytes of requests into megabytes of uploads over and over (amplification): each connection gets
 * the whole info dict about twice, then only rejects.
 */
final class MetadataServing {
  private static final int SPARE_ANSWERS = 8;

  private final ByteBuffer metadata;
  private int answersLeft;

  MetadataServing(ByteBuffer metadata) {
    this.metadata = metadata.asReadOnlyBuffer();
    this.answersLeft = metadata.hasRemaining() ? 2 * UtMetadata.pieceCount(metadata.remaining()) + SPARE_ANSWERS : 0;
  }

  /** A data message, or a reject for a piece out of range or once the budget is spent. */
  UtMetadataMessage answer(int piece) {
    if (answersLeft <= 0) {
      return new UtMetadataMessage.Reject(piece);
    }
    UtMetadataMessage answer = UtMetadata.answer(metadata, piece);
    if (answer instanceof UtMetadataMessage.Data) {
      answersLeft--;
    }
    return answer;
  }
}
