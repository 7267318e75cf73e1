/**
 * The producer's machinery: partitioning ({@link io.brook.client.internal.producer.Murmur2} for
 * keys, {@link io.brook.client.internal.producer.StickyPartitioner} without), batching under a
 * memory budget ({@link io.brook.client.internal.producer.RecordAccumulator},
 * {@link io.brook.client.internal.producer.BufferPool}) and the sender thread that ships batches
 * and handles acknowledgements and retries ({@link io.brook.client.internal.producer.Sender}).
 * Depends on the metadata and network packages and {@code io.brook.protocol.record}.
 */
package io.brook.client.internal.producer;
