package io.brook.replication.control;

/**
 * A broker as it registers with the controller.
 *
 * @param host the address clients use
 * @param rack may be empty
 * @param peerHost the address of the broker's peer listener, which other brokers use for replication
 *     and the control plane
 */
public record BrokerRegistration(int id, String host, int port, String rack, String peerHost, int peerPort) {

    /** A registration whose brokers and clients share one address (as written before peer listeners existed). */
    public BrokerRegistration(int id, String host, int port, String rack) {
        this(id, host, port, rack, host, port);
    }

    /** host:port for clients. */
    public String address() {
        return host + ":" + port;
    }

    /** host:port of the peer listener, for other brokers. */
    public String peerAddress() {
        return peerHost + ":" + peerPort;
    }
}
