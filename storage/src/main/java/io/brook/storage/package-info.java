/**
 * The partition log, Brook's storage layer: an append-only sequence of record batches in segment
 * files, with sparse offset and time indexes, crash recovery and retention. It is also the Raft log
 * of its partition: every batch carries the term of the leader that appended it, and the log answers
 * the questions Raft asks of it (term at an offset, end offset of a term, suffix truncation).
 *
 * <p>This package holds the public API ({@link io.brook.storage.PartitionLog} and its value types,
 * among them the idempotent producers' {@link io.brook.storage.ProducerState} that the log keeps);
 * the implementation lives in {@code io.brook.storage.log} and, for the producer state and its
 * snapshots, {@code io.brook.storage.producer}. It also holds Brook's one facility for
 * small files that must survive a power loss, used by the log's checkpoints, the broker and the
 * CLI alike: {@link io.brook.storage.DurableFiles} (write a temporary file, fsync, rename, fsync the
 * directory; directories created and renamed durably), {@link io.brook.storage.ChecksummedFile} and
 * {@link io.brook.storage.ChecksummedProperties} (versioned, checksummed envelopes whose readers tell
 * an absent file from a {@link io.brook.storage.DamagedFileException damaged} one). Storage depends on the record batch format
 * ({@code io.brook.protocol.record}) and the JDK only: nothing of networking, requests or Raft.
 */
package io.brook.storage;
