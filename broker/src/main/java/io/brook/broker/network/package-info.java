/**
 * The broker's network layer: the Netty server ({@link io.brook.broker.network.BrokerServer}), the
 * per-connection dispatcher that turns frames into handler calls and protocol errors into error
 * responses, the request context handlers answer through, and the zero-copy file region that sends
 * log slices. Knows frames and handlers, not what the APIs do.
 */
package io.brook.broker.network;
