package io.brook.replication.control;

/**
 * A broker as it registers with the controller.
 *
 * @param host the address clients and other brokers use
 * @param rack may be empty
 */
public record BrokerRegistration(int id, String host, int port, String rack) {

    public String address() {
        return host + ":" + port;
    }
}
