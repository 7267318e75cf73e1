/**
 * Brook's Java client: {@link io.brook.client.Producer}, {@link io.brook.client.Consumer} and
 * {@link io.brook.client.Admin}, asynchronous with {@link java.util.concurrent.CompletableFuture},
 * shaped like Kafka's clients; their configurations ({@link io.brook.client.ProducerConfig},
 * {@link io.brook.client.ConsumerConfig}, {@link io.brook.client.AdminConfig}); the record and result
 * types; and the exceptions, split into {@link io.brook.client.RetriableException}s and the rest
 * below {@link io.brook.client.BrookException}.
 *
 * <p>This package is the client's public API; the implementation lives in
 * {@code io.brook.client.internal} and its sub-packages, which applications must not use. The client
 * depends only on the JDK, {@code io.brook.protocol}, Netty, protobuf and SLF4J (checked by
 * {@code ClientArchitectureTest}).
 */
package io.brook.client;
