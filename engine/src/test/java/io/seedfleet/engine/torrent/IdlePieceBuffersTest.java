package io.seedfleet.engine.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class IdlePieceBuffersTest {
  @Test
  void handsBackOnlyBuffersOfTheAskedCapacityCleared() {
    IdlePieceBuffers idle = new IdlePieceBuffers(1 << 20);
    ByteBuffer small = ByteBuffer.allocateDirect(1024);
    small.position(10).limit(20);
    assertThat(idle.give(small)).isTrue();
    assertThat(idle.take(2048)).isNull();
    ByteBuffer back = idle.take(1024);
    assertThat(back).isSameAs(small);
    assertThat(back.position()).isZero();
    assertThat(back.limit()).isEqualTo(1024);
    assertThat(idle.take(1024)).isNull();
  }

  @Test
  void keepsNoMoreThanItsBound() {
    IdlePieceBuffers idle = new IdlePieceBuffers(3000);
    assertThat(idle.give(ByteBuffer.allocateDirect(1024))).isTrue();
    assertThat(idle.give(ByteBuffer.allocateDirect(1024))).isTrue();
    assertThat(idle.give(ByteBuffer.allocateDirect(1024))).as("over the bound").isFalse();
    assertThat(idle.idleBytes()).isEqualTo(2048);
    idle.take(1024);
    assertThat(idle.idleBytes()).isEqualTo(1024);
    assertThat(idle.give(ByteBuffer.allocateDirect(1024))).isTrue();
  }
}
