package io.brook.storage.log;

import io.brook.storage.TestBatches;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds segments with batches for the white-box tests, and closes them afterwards. */
final class Segments implements AutoCloseable {

    static final int INDEX_INTERVAL = 128;

    private final Path dir;
    private final List<Segment> created = new ArrayList<>();

    Segments(Path dir) {
        this.dir = dir;
    }

    /** A segment at {@code base} with {@code batches} batches of {@code records} records at timestamp {@code ts}. */
    Segment create(long base, int batches, int records, long ts) {
        Segment s = Segment.create(dir, base);
        created.add(s);
        long next = base;
        for (int i = 0; i < batches; i++) {
            append(s, next, records, ts);
            next += records;
        }
        return s;
    }

    /** Appends one batch of {@code records} records starting at {@code offset}. */
    static void append(Segment s, long offset, int records, long ts) {
        ByteBuffer b = TestBatches.assigned(TestBatches.batch(records, ts), offset, 1);
        s.append(b, 0, b.limit(), offset + records, INDEX_INTERVAL);
    }

    @Override
    public void close() {
        for (Segment s : created) {
            s.closeAndRelease();
        }
    }
}
