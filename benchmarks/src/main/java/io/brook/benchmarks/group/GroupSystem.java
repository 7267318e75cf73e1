package io.brook.benchmarks.group;

/**
 * One system under test, as the group benchmarks need it: a topic, a steady producer and members of
 * consumer groups. Partitions are numbers within the benchmark's one topic, so the measuring code is
 * the same for every system.
 */
public interface GroupSystem extends AutoCloseable {

    /** The label of the results: {@code brook}, {@code kafka-consumer} (KIP-848) or {@code kafka-classic}. */
    String name();

    /** Creates the topic and returns once every partition has a leader. */
    void createTopic(String topic, int partitions, int replicationFactor) throws Exception;

    /** Deletes the topic, so that the next system on the same brokers does not carry its partitions. */
    void deleteTopic(String topic) throws Exception;

    /** A producer that sends to given partitions of the topic, acks=1, linger 5 ms. */
    Sender sender(String topic);

    /**
     * A consumer in {@code group}, not yet subscribed, reading from the earliest offset when the group
     * has none committed; with {@code autoCommit} it commits what its polls returned, as each system does
     * by default (every 5 s and before giving partitions up).
     */
    Member member(String group, String clientId, String topic, boolean autoCommit, Member.Listener listener);

    @Override
    void close();

    /** A producer owned by one thread. */
    interface Sender extends AutoCloseable {
        /** Sends without waiting; a failed send is counted, not thrown. */
        void send(int partition, byte[] value);

        /** Sends that failed so far. */
        long failures();

        @Override
        void close();
    }

    /**
     * Builds the system named {@code name}. Brook's is loaded by name, so that the Kafka side runs even
     * from a build that has no Brook group client.
     */
    static GroupSystem create(String name, Settings settings) {
        switch (name) {
            case "kafka-consumer":
                return new KafkaGroupSystem(settings, true);
            case "kafka-classic":
                return new KafkaGroupSystem(settings, false);
            case "brook":
                try {
                    return (GroupSystem) Class.forName("io.brook.benchmarks.group.BrookGroupSystem")
                            .getConstructor(Settings.class).newInstance(settings);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("this build has no Brook group client (BrookGroupSystem): " + e, e);
                }
            default:
                throw new IllegalArgumentException("unknown system '" + name + "': brook, kafka-consumer or kafka-classic");
        }
    }

    /**
     * Client settings shared by every system. {@code sessionTimeoutMs} and {@code heartbeatIntervalMs}
     * are client settings only in Kafka's classic protocol (KIP-848 and Brook take them from the
     * brokers, which the script configures alike); {@code heartbeatIntervalMs} 0 keeps the default.
     */
    record Settings(String bootstrap, int sessionTimeoutMs, int heartbeatIntervalMs) {}
}
