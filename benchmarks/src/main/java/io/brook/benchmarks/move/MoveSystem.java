package io.brook.benchmarks.move;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One system under test as the move and rolling-restart benchmarks need it. Partitions are numbers
 * within a named topic, brokers are ids 1..3, so the measuring code is the same for both systems.
 */
interface MoveSystem extends AutoCloseable {

    /** {@code brook} or {@code kafka}. */
    String name();

    /**
     * Creates the topic, with {@code assignment} (partition to replicas, first one preferred leader)
     * where the system lets the client choose, and returns once every partition has a leader.
     */
    void createTopic(String topic, int partitions, int replicationFactor, Map<Integer, List<Integer>> assignment)
            throws Exception;

    /** The topic's partitions as the cluster describes them now. */
    Map<Integer, Part> describe(String topic) throws Exception;

    /** Submits the move of one partition to {@code target}; {@code throttleBytesPerSec} 0 = none. */
    void reassign(String topic, int partition, List<Integer> target, long throttleBytesPerSec) throws Exception;

    /** Whether the cluster still lists a running move of this partition. */
    boolean moving(String topic, int partition) throws Exception;

    /** Undoes what {@link #reassign} set besides the move itself (Kafka's throttle configs); untimed. */
    default void afterMove(String topic) throws Exception {}

    /** A producer with acks=all and the system's default idempotence. */
    Sender sender(int lingerMs, int batchSize);

    /** The broker processes of the cluster, for a restart. */
    Brokers brokers(Path clusterDir);

    @Override
    void close();

    /** A partition: leader (-1 none), replicas, in-sync replicas. */
    record Part(int leader, List<Integer> replicas, List<Integer> isr) {
        boolean fullyReplicated() {
            return leader >= 0 && isr.size() == replicas.size() && isr.containsAll(replicas);
        }
    }

    /** A producer; callbacks run on the client's I/O thread. */
    interface Sender extends AutoCloseable {
        /** Sends without waiting; {@code done} gets null or the failure. */
        void send(String topic, int partition, byte[] value, java.util.function.Consumer<Throwable> done);

        void flush();

        @Override
        void close();
    }

    /** Stops and starts one broker process as its operator would. */
    interface Brokers {
        /** The pid of broker {@code id} now. */
        long pid(int id) throws Exception;

        /** The command line that started broker {@code id}. */
        List<String> command(int id) throws Exception;

        /** The file its output goes to. */
        Path logFile(int id);

        /** Records the pid of a broker started again, so that the cluster's stop command finds it. */
        void started(int id, long pid) throws Exception;
    }
}
