/**
 * The partition log, Brook's storage layer: an append-only sequence of record batches in segment
 * files, with sparse offset and time indexes, crash recovery and retention. It is also the Raft log
 * of its partition: every batch carries the term of the leader that appended it, and the log answers
 * the questions Raft asks of it (term at an offset, end offset of a term, suffix truncation).
 *
 * <p>This package holds the public API ({@link io.brook.storage.PartitionLog} and its value types);
 * the implementation lives in {@code io.brook.storage.log}. Storage depends on the record batch format
 * ({@code io.brook.protocol.record}) and the JDK only: nothing of networking, requests or Raft.
 */
package io.brook.storage;
