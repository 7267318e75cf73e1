/**
 * SASL SCRAM authentication of client connections (RFC 5802, RFC 7677): the SaslHandshake and
 * SaslAuthenticate handlers, the per-connection exchange state ({@link io.brook.broker.sasl.SaslSession},
 * a channel attribute owned by the connection's event loop) and {@link io.brook.broker.sasl.ScramAuthenticator},
 * which finds users' credentials in the current cluster metadata image and answers unknown users with
 * stable decoys. A successful exchange sets the connection's {@link io.brook.broker.network.ConnectionPrincipal};
 * whether other APIs wait for it is the dispatcher's business ({@code client.authentication}). Depends on the
 * network layer, the config, the cluster secret, the replicated metadata image and the protocol's
 * SCRAM library.
 */
package io.brook.broker.sasl;
