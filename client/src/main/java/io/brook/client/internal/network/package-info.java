/**
 * The client's transport: one Netty event loop per client, one connection per broker, request and
 * response correlation, timeouts and connection-loss handling ({@link io.brook.client.internal.network.NetworkClient}).
 * Knows frames and API keys, nothing about what the requests mean. Depends on Netty, protobuf and
 * {@code io.brook.protocol.frame}.
 */
package io.brook.client.internal.network;
