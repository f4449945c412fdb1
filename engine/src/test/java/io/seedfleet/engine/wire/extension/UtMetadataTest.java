package io.seedfleet.engine.wire.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UtMetadataTest {
  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void decodesRequestAndReject() throws Exception {
    assertThat(UtMetadata.decode(bytes("d8:msg_typei0e5:piecei3ee"), 0)).isEqualTo(new UtMetadataMessage.Request(3));
    assertThat(UtMetadata.decode(bytes("d8:msg_typei2e5:piecei0ee"), 0)).isEqualTo(new UtMetadataMessage.Reject(0));
  }

  @Test
  void decodesDataFollowedByRawBytes() throws Exception {
    // 20000 bytes of metadata: piece 1 is the last, 3616 bytes long.
    byte[] tail = new byte[20000 - 16384];
    Arrays.fill(tail, (byte) 'x');
    ByteBuffer payload = ByteBuffer.allocate(100 + tail.length);
    payload.put("d8:msg_typei1e5:piecei1e10:total_sizei20000ee".getBytes(StandardCharsets.US_ASCII)).put(tail).flip();
    UtMetadataMessage.Data data = (UtMetadataMessage.Data) UtMetadata.decode(payload, 20000);
    assertThat(data.piece()).isEqualTo(1);
    assertThat(data.totalSize()).isEqualTo(20000);
    assertThat(data.data()).isEqualTo(ByteBuffer.wrap(tail));
  }

  @Test
  void encodeDecodeRoundTrip() throws Exception {
    byte[] metadata = new byte[40000];
    new java.util.Random(1).nextBytes(metadata);
    for (int piece = 0; piece < 3; piece++) {
      UtMetadataMessage answer = UtMetadata.answer(metadata, piece);
      assertThat(UtMetadata.decode(ByteBuffer.wrap(UtMetadata.encode(answer)), 40000)).isEqualTo(answer);
    }
    assertThat(UtMetadata.answer(metadata, 3)).isEqualTo(new UtMetadataMessage.Reject(3));
    assertThat(UtMetadata.answer(metadata, -1)).isInstanceOf(UtMetadataMessage.Reject.class);
    assertThat(new String(UtMetadata.encode(new UtMetadataMessage.Request(2)), StandardCharsets.US_ASCII))
        .isEqualTo("d8:msg_typei0e5:piecei2ee");
  }

  @Test
  void dataMustMatchTheHandshakeSizeAndTheCap() {
    byte[] piece = new byte[100];
    String head = "d8:msg_typei1e5:piecei0e10:total_sizei100ee";
    ByteBuffer payload = ByteBuffer.allocate(head.length() + 100).put(head.getBytes(StandardCharsets.US_ASCII)).put(piece).flip();
    assertThatThrownBy(() -> UtMetadata.decode(payload, 200)).hasMessageContaining("differs from the handshake");
    assertThatThrownBy(() -> UtMetadata.decode(payload, 0)).hasMessageContaining("differs from the handshake");
    assertThatThrownBy(() -> UtMetadata.decode(bytes("d8:msg_typei1e5:piecei0e10:total_sizei99999999999ee"), 100))
        .hasMessageContaining("above 30 MiB");
  }

  @Test
  void rejectsWrongPieceSizesIndicesAndTypes() {
    assertThatThrownBy(() -> UtMetadata.decode(bytes("d8:msg_typei1e5:piecei0e10:total_sizei100eexx"), 100))
        .isInstanceOf(ExtensionMessageException.class).hasMessageContaining("expected 100");
    assertThatThrownBy(() -> UtMetadata.decode(bytes("d8:msg_typei1e5:piecei1e10:total_sizei100ee"), 100))
        .hasMessageContaining("beyond 1 pieces");
    assertThatThrownBy(() -> UtMetadata.decode(bytes("d8:msg_typei0e5:piecei-1ee"), 0)).hasMessageContaining("out of range");
    assertThatThrownBy(() -> UtMetadata.decode(bytes("d8:msg_typei0e5:piecei99999999ee"), 0))
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> UtMetadata.decode(bytes("d8:msg_typei7e5:piecei0ee"), 0)).hasMessageContaining("unknown");
    assertThatThrownBy(() -> UtMetadata.decode(bytes("d5:piecei0ee"), 0)).hasMessageContaining("unknown");
    assertThatThrownBy(() -> UtMetadata.decode(bytes("d8:msg_typei0e5:piecei0eeXX"), 0)).hasMessageContaining("trailing");
    assertThatThrownBy(() -> UtMetadata.decode(bytes("li1ee"), 0)).hasMessageContaining("not a dictionary");
    assertThatThrownBy(() -> UtMetadata.decode(bytes("d8:msg_type"), 0)).hasMessageContaining("dictionary");
    assertThatThrownBy(() -> UtMetadata.decode(ByteBuffer.allocate(UtMetadata.MAX_PAYLOAD + 1), 0))
        .hasMessageContaining("exceeds");
  }
}
