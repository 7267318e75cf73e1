package io.brook.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

/** The deterministic leak check that the codec tests rely on does catch an unreleased buffer. */
class TrackingAllocatorTest {

    @Test
    void unreleased_buffer_fails_the_check_and_counts_as_live() {
        // given
        TrackingAllocator alloc = new TrackingAllocator();
        ByteBuf released = alloc.heap(new byte[16]);
        released.release();
        ByteBuf kept = alloc.direct(new byte[32]);

        try {
            // when / then
            assertThat(alloc.liveBytes()).isEqualTo(32);
            assertThatThrownBy(alloc::assertAllReleased)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("1 of 2 buffers were not released")
                    .hasMessageContaining("UnpooledDirectByteBuf");
        } finally {
            kept.release();
        }
        alloc.assertAllReleased();
        assertThat(alloc.liveBytes()).isZero();
    }

    @Test
    void slices_keep_their_buffer_live_until_released() {
        // given
        TrackingAllocator alloc = new TrackingAllocator();
        ByteBuf buf = alloc.heap(new byte[16]);
        ByteBuf slice = buf.retainedSlice(0, 8);

        // when
        buf.release();

        // then
        assertThat(alloc.unreleased()).hasSize(1);
        slice.release();
        alloc.assertAllReleased();
    }
}
