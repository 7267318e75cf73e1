/**
 * The broker's TLS set-up: {@link io.brook.broker.tls.BrokerTls} turns the {@code tls.*},
 * {@code peer.tls.enabled} and {@code client.authentication} keys into reloading TLS contexts for the
 * client listener, the peer listener and the broker's own connections to peers, checks that the keys
 * agree (a {@link io.brook.broker.config.ConfigException} naming the key otherwise), and owns the
 * thread that re-reads renewed certificate files. May depend on {@code config}, {@code network} (for
 * {@link io.brook.broker.network.ListenerTls}) and the protocol's {@code security.tls} package; knows
 * nothing of requests.
 */
package io.brook.broker.tls;
