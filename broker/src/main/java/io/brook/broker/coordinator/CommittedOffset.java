package io.brook.broker.coordinator;

/**
 * A committed offset of one partition for one group, as recorded in {@code __groups}.
 *
 * @param offset the next record to consume
 * @param term the Raft term of the record at {@code offset - 1}, or -1 if unknown
 * @param metadata the application's free text
 * @param commitTimeMs the coordinator's time of the commit
 */
record CommittedOffset(long offset, int term, String metadata, long commitTimeMs) {}
