/**
 * The client's transport: one Netty event loop per client, one connection per broker (opened with
 * ApiVersions and, with {@code sasl.mechanism} set, a SASL SCRAM exchange), request and response
 * correlation, timeouts and connection-loss handling ({@link io.brook.client.internal.network.NetworkClient}).
 * TLS on every connection when the client's security settings say so ({@code ClientTls}). Knows frames
 * and API keys, nothing about what the requests mean. Depends on Netty (its {@code netty-handler} for
 * TLS), protobuf, {@code io.brook.protocol.frame}, {@code io.brook.protocol.security.tls} and the
 * protocol's SCRAM library for authentication.
 */
package io.brook.client.internal.network;
