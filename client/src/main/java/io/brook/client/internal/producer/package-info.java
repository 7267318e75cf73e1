/**
 * The producer's machinery: partitioning ({@link io.brook.client.internal.producer.Murmur2} for
 * keys, {@link io.brook.client.internal.producer.StickyPartitioner} without), batching under a
 * memory budget ({@link io.brook.client.internal.producer.RecordAccumulator},
 * {@link io.brook.client.internal.producer.BufferPool}), the sender thread that ships batches
 * and handles acknowledgements and retries ({@link io.brook.client.internal.producer.Sender}), and
 * the idempotent producer's producer id, sequence numbers and ordering rules
 * ({@link io.brook.client.internal.producer.Idempotence}, {@link io.brook.client.internal.producer.ProducerIdRequester}),
 * wired together by {@link io.brook.client.internal.producer.ProducerPipeline}.
 * Depends on the metadata and network packages and {@code io.brook.protocol}.
 */
package io.brook.client.internal.producer;
