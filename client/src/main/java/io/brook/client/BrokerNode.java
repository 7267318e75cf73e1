package io.brook.client;

/**
 * A broker of the cluster.
 *
 * @param rack the broker's rack, or an empty string
 */
public record BrokerNode(int id, String host, int port, String rack) {

    /** {@code host:port}. */
    public String address() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
