package io.brook.client;

/**
 * A partition's log extent, as {@link Admin#describeTopics(java.util.Collection, boolean)} reports
 * it when asked for offsets.
 *
 * @param logStartOffset the first offset still in the log
 * @param logEndOffset the offset the next appended record gets
 * @param highWatermark offsets below it are committed and readable by consumers
 * @param sizeBytes bytes of the log on the leader's disk
 * @param segmentCount number of segment files
 */
public record PartitionOffsets(long logStartOffset, long logEndOffset, long highWatermark, long sizeBytes,
                               int segmentCount) {
}
