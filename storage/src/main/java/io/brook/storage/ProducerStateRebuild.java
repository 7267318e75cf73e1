package io.brook.storage;

/**
 * What rebuilding the producer state did when a log opened ({@link PartitionLog#producerStateRebuild}):
 * for logging and measuring restarts.
 *
 * @param snapshotOffset offset of the snapshot loaded, or -1 when none was (none usable, or none there)
 * @param damagedSnapshots snapshots skipped because they could not be read (each logged as a warning)
 * @param replayedFrom first offset whose batch headers were replayed
 * @param replayedTo the log end offset the replay stopped at
 * @param batchesScanned batch headers read
 * @param producers producers in the table afterwards
 * @param nanos time taken, snapshot load and replay together
 */
public record ProducerStateRebuild(
        long snapshotOffset,
        int damagedSnapshots,
        long replayedFrom,
        long replayedTo,
        long batchesScanned,
        int producers,
        long nanos) {

    /** {@link #nanos} in milliseconds, with fractions. */
    public double millis() {
        return nanos / 1e6;
    }
}
