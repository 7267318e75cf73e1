package io.brook.protocol.record;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;
import org.xerial.snappy.SnappyInputStream;
import org.xerial.snappy.SnappyOutputStream;

/**
 * Stream wrappers for each codec, in the framings Kafka uses so that batches stay interchangeable:
 * gzip (RFC 1952), snappy (xerial's stream framing), lz4 (the LZ4 frame format, 64 KiB independent
 * blocks, no content checksum) and zstd (a standard zstd frame, level 3).
 */
final class Codecs {

    static final int ZSTD_LEVEL = 3;

    private Codecs() {}

    static OutputStream compressing(CompressionType codec, OutputStream out) throws IOException {
        return switch (codec) {
            case NONE -> out;
            case GZIP -> new GZIPOutputStream(out, 8 * 1024);
            case SNAPPY -> new SnappyOutputStream(out);
            case LZ4 -> new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB, -1L,
                    LZ4Factory.fastestInstance().fastCompressor(), XXHashFactory.fastestInstance().hash32(),
                    LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE);
            case ZSTD -> new ZstdOutputStreamNoFinalizer(out, ZSTD_LEVEL);
        };
    }

    static InputStream decompressing(CompressionType codec, InputStream in) throws IOException {
        return switch (codec) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, 8 * 1024);
            case SNAPPY -> new SnappyInputStream(in);
            case LZ4 -> new LZ4FrameInputStream(in);
            case ZSTD -> new ZstdInputStreamNoFinalizer(in);
        };
    }

    /** An {@link InputStream} over {@code buf[from, to)} that reads with absolute indexes. */
    static InputStream inputOf(ByteBuffer buf, int from, int to) {
        return new InputStream() {
            private int pos = from;

            @Override
            public int read() {
                return pos < to ? buf.get(pos++) & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                int n = Math.min(len, to - pos);
                if (n <= 0) {
                    return -1;
                }
                buf.get(pos, b, off, n);
                pos += n;
                return n;
            }

            @Override
            public int available() {
                return to - pos;
            }
        };
    }
}
