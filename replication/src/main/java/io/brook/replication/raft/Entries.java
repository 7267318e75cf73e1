package io.brook.replication.raft;

/**
 * A run of whole record batches with contiguous offsets, as read from a leader's log or received by
 * a follower. The core looks only at batch boundaries and terms; the bytes stay with the driver.
 */
public interface Entries {

    int batchCount();

    long baseOffset(int batch);

    long lastOffset(int batch);

    int term(int batch);

    int sizeInBytes();

    /** The configuration the batch carries when it is a configuration batch, else {@code null}. */
    default Membership membership(int batch) {
        return null;
    }

    default boolean isEmpty() {
        return batchCount() == 0;
    }

    /** Offset after the last batch; {@code ifEmpty} when there is none. */
    default long endOffset(long ifEmpty) {
        return isEmpty() ? ifEmpty : lastOffset(batchCount() - 1) + 1;
    }

    /** Releases underlying resources (file slices, buffers). Idempotent. */
    void release();

    /** No batches. */
    Entries NONE = new Entries() {
        @Override
        public int batchCount() {
            return 0;
        }

        @Override
        public long baseOffset(int batch) {
            throw new IndexOutOfBoundsException();
        }

        @Override
        public long lastOffset(int batch) {
            throw new IndexOutOfBoundsException();
        }

        @Override
        public int term(int batch) {
            throw new IndexOutOfBoundsException();
        }

        @Override
        public int sizeInBytes() {
            return 0;
        }

        @Override
        public void release() {}
    };
}
