/**
 * Authentication between brokers on the peer listener without TLS: a shared cluster secret
 * ({@link io.brook.broker.cluster.auth.ClusterSecret}) and a challenge-response over fresh nonces
 * ({@link io.brook.broker.cluster.auth.PeerProofs}), served by {@link io.brook.broker.cluster.auth.PeerAuthHandler}
 * and run by the dialing broker's {@link io.brook.broker.cluster.auth.PeerAuthenticator} before any CONTROL or
 * RAFT frame. The secret never goes on the wire. Depends on the network layer (handlers, channels) and the
 * protocol messages only.
 */
package io.brook.broker.cluster.auth;
