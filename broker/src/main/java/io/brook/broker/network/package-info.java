/**
 * The broker's network layer: the Netty server ({@link io.brook.broker.network.BrokerServer}), the
 * per-connection dispatcher that turns frames into handler calls and protocol errors into error
 * responses, the request context handlers answer through, the zero-copy file region that sends
 * log slices, and TLS on a listener ({@link io.brook.broker.network.ListenerTls}: the handshake's
 * principal, and copying file regions into buffers for encryption). Knows frames and handlers, not
 * what the APIs do.
 */
package io.brook.broker.network;
