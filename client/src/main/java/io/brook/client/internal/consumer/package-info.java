/**
 * The consumer's machinery: the fetch-ahead loop on the event loop
 * ({@link io.brook.client.internal.consumer.Fetcher}), the hand-over buffer
 * ({@link io.brook.client.internal.consumer.FetchBuffer}), and on the application thread the
 * positions ({@link io.brook.client.internal.consumer.SubscriptionState},
 * {@link io.brook.client.internal.consumer.PositionResolver}) and the decoding of fetched batches
 * into records ({@link io.brook.client.internal.consumer.RecordCollector}). Offsets by time or log
 * extent come from {@link io.brook.client.internal.consumer.OffsetLookup}. Depends on the metadata
 * and network packages and {@code io.brook.protocol.record}.
 */
package io.brook.client.internal.consumer;
