/**
 * The partition-side state of idempotent producers (issue 11): {@link
 * io.brook.storage.producer.ProducerStateTable}, which answers {@link io.brook.storage.ProducerState}'s
 * sequence checks and is updated with every appended batch, and its snapshots,
 * {@code <offset>.producers} files written when the log rolls a segment and on clean close
 * ({@link io.brook.storage.producer.ProducerSnapshots}), so that opening a log replays batch headers
 * from the newest snapshot instead of from the log start. The log ({@code io.brook.storage.log})
 * drives both; this package knows nothing of segments. Depends on the record batch header
 * ({@code io.brook.protocol.record}), storage's durable-file helpers and the JDK. Everything here
 * belongs to the partition's owner thread.
 */
package io.brook.storage.producer;
