package io.brook.broker.network;

import io.brook.protocol.ApiKey;

/**
 * The two listeners of a broker and which APIs each serves: the client listener every API but the
 * broker-to-broker ones (CONTROL, RAFT, PEER_AUTH); the peer listener only those and API_VERSIONS.
 * A request for an API the listener does not serve gets {@code WRONG_LISTENER}.
 */
public enum Listener {
    CLIENT,
    PEER;

    /** Whether requests of {@code key} are served on this listener. */
    public boolean serves(ApiKey key) {
        if (key == ApiKey.API_VERSIONS) {
            return true;
        }
        return key.brokerToBroker() == (this == PEER);
    }

    /** The one-line reason a request of {@code key} is refused here. */
    String refusal(ApiKey key) {
        return this == CLIENT
                ? key + " is a broker-to-broker API, served only on a broker's peer listener (peer.listener), not on its client listener"
                : key + " is a client API, served on the broker's client listener (listener), not on its peer listener";
    }
}
