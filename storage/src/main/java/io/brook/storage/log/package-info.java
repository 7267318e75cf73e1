/**
 * The segmented implementation of {@link io.brook.storage.PartitionLog}: segment files, their sparse
 * offset and time indexes, the term index and recovery point (checkpoint files in the
 * {@link io.brook.storage.ChecksummedFile} envelope), recovery and retention, and
 * {@link io.brook.storage.log.LogProducerState}, which keeps the idempotent producers' state
 * ({@code io.brook.storage.producer}) in step with the log. Every on-disk
 * structure has one class here whose javadoc gives its byte layout, checksum and recovery rule.
 *
 * <p>Threads: {@link io.brook.storage.log.SegmentedLog} is owned by one writer thread; readers reach
 * segments through an immutable array published with a volatile write. Depends on the record batch
 * format, {@code io.brook.storage.producer} and the JDK only.
 */
package io.brook.storage.log;
