package io.brook.storage;

/**
 * What an append did.
 *
 * @param firstOffset offset of the first record appended
 * @param lastOffset offset of the last record appended
 * @param maxTimestamp the largest record timestamp among the appended batches
 * @param batchCount batches appended
 * @param sizeInBytes bytes appended
 */
public record AppendInfo(long firstOffset, long lastOffset, long maxTimestamp, int batchCount, int sizeInBytes) {}
