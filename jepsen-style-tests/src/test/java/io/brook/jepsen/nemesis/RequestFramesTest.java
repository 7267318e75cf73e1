package io.brook.jepsen.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestFramesTest {

    /** A request frame: length, key 1, version 0, correlation id, client id, message length 0, payload. */
    static byte[] request(String clientId, int payload) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + 14 + id.length + payload);
        b.putInt(14 + id.length + payload).putShort((short) 1).putShort((short) 0).putInt(7)
                .putShort((short) id.length).put(id).putInt(0).put(new byte[payload]);
        return b.array();
    }

    @Test
    void the_client_id_is_learnt_from_a_frame_fed_one_byte_at_a_time() {
        // given
        RequestFrames frames = new RequestFrames();
        byte[] frame = request("jepsen-group-20", 5);
        // when
        for (int i = 0; i < frame.length; i++) {
            frames.feed(frame, i, 1);
        }
        // then
        assertThat(frames.clientId()).isEqualTo("jepsen-group-20");
    }

    @Test
    void consecutive_frames_in_one_chunk_each_name_their_client() {
        // given
        RequestFrames frames = new RequestFrames();
        byte[] a = request("a", 3);
        byte[] b = request("bb", 0);
        ByteBuffer both = ByteBuffer.allocate(a.length + b.length).put(a).put(b);
        // when
        frames.feed(both.array(), 0, a.length + 2);
        String afterFirst = frames.clientId();
        frames.feed(both.array(), a.length + 2, b.length - 2);
        // then
        assertThat(afterFirst).isEqualTo("a");
        assertThat(frames.clientId()).isEqualTo("bb");
    }

    @Test
    void bytes_too_short_to_be_a_request_are_skipped_over() {
        // given: a 3-byte frame, then a real one
        RequestFrames frames = new RequestFrames();
        byte[] real = request("c", 1);
        ByteBuffer all = ByteBuffer.allocate(7 + real.length).putInt(3).put(new byte[] {1, 2, 3}).put(real);
        // when
        frames.feed(all.array(), 0, all.capacity());
        // then
        assertThat(frames.clientId()).isEqualTo("c");
    }
}
