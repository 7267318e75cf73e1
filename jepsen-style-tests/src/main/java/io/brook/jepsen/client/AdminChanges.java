package io.brook.jepsen.client;

import io.brook.client.Admin;
import io.brook.client.AdminConfig;
import io.brook.client.ConfigEntry;
import io.brook.client.NewTopic;
import io.brook.client.TopicAlteration;
import io.brook.client.TopicDescription;
import io.brook.client.UnknownTopicOrPartitionException;
import io.brook.jepsen.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Admin changes made through one {@link Admin} client and recorded in the history as Jepsen operations
 * ({@link Op#CREATE_TOPIC}, {@link Op#ADD_PARTITIONS}, {@link Op#ALTER_CONFIG}), and the final
 * describe of every topic they named ({@link Op#FINAL_DESCRIBE}) that the admin checker compares
 * them with. A change is ok when the cluster acknowledged it; fail only when the topic does not exist
 * (a change to a missing topic did nothing); info for every other error, since a time-out, a lost
 * connection or an error after the admin client's own retry (a retried create that finds its topic)
 * leaves the outcome open.
 *
 * <p>Thread-safe: the send workers' threads, the admin worker and a nemesis may use one instance; each
 * caller passes its own process id and has one change open at a time.
 */
public final class AdminChanges implements AutoCloseable {

    private static final long CHANGE_TIMEOUT_MS = 15_000;

    private final Admin admin;
    private final Recorder recorder;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();

    public AdminChanges(String bootstrap, io.brook.client.ClientSecurity security, Recorder recorder) {
        this.admin = new Admin(AdminConfig.builder().bootstrapServers(bootstrap).security(security).requestTimeoutMs(5_000)
                .defaultApiTimeoutMs((int) CHANGE_TIMEOUT_MS).build());
        this.recorder = recorder;
    }

    /** Where the changes are recorded. */
    public Recorder recorder() {
        return recorder;
    }

    /** Every topic a change named, in no order. */
    public Set<String> topics() {
        return Set.copyOf(topics);
    }

    /** Creates {@code topic}; returns the outcome recorded. */
    public Op.Type createTopic(int process, String topic, int partitions, int replicationFactor) {
        topics.add(topic);
        return change(process, Op.CREATE_TOPIC, topic, "partitions=" + partitions,
                () -> admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor)))
                        .get(CHANGE_TIMEOUT_MS, TimeUnit.MILLISECONDS));
    }

    /**
     * Records a creation that was acknowledged before the history began (the run's own topic), as an
     * invocation and its ok at this moment, so that the end of the run checks it like any other.
     */
    public void recordCreated(int process, String topic, int partitions) {
        topics.add(topic);
        recorder.invoke(Op.CREATE_TOPIC, process, topic, "partitions=" + partitions, -1, -1);
        recorder.complete(Op.Type.OK, Op.CREATE_TOPIC, process, topic, "partitions=" + partitions, -1, -1, List.of(), null);
    }

    /** Grows {@code topic} to {@code partitions} in total. */
    public Op.Type addPartitions(int process, String topic, int partitions) {
        topics.add(topic);
        return change(process, Op.ADD_PARTITIONS, topic, "partitions=" + partitions,
                () -> admin.alterTopic(topic, TopicAlteration.none().partitions(partitions))
                        .get(CHANGE_TIMEOUT_MS, TimeUnit.MILLISECONDS));
    }

    /** Sets the config override {@code name} of {@code topic}. */
    public Op.Type alterConfig(int process, String topic, String name, String value) {
        topics.add(topic);
        return change(process, Op.ALTER_CONFIG, topic, name + "=" + value,
                () -> admin.alterTopic(topic, TopicAlteration.none().setConfig(name, value))
                        .get(CHANGE_TIMEOUT_MS, TimeUnit.MILLISECONDS));
    }

    /** One admin call that returns nothing of interest. */
    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    private Op.Type change(int process, String f, String topic, String value, Call call) {
        recorder.invoke(f, process, topic, value, -1, -1);
        Op.Type outcome;
        String error = null;
        try {
            call.run();
            outcome = Op.Type.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = Op.Type.INFO;
            error = "interrupted";
        } catch (Exception e) {
            outcome = SendOutcome.unwrap(e) instanceof UnknownTopicOrPartitionException ? Op.Type.FAIL : Op.Type.INFO;
            error = SendOutcome.describe(e);
        }
        recorder.complete(outcome, f, process, topic, value, -1, -1, List.of(), error);
        return outcome;
    }

    /**
     * After the run: describes every topic a change named, retrying for up to {@code timeoutMs} per
     * topic while the cluster does not answer, and records each answer as a {@link Op#FINAL_DESCRIBE}
     * of {@code process}. Returns how many topics could be described.
     *
     * @param configs the config names to report (those the changes set)
     */
    public int describeAll(int process, List<String> configs, long timeoutMs) throws InterruptedException {
        int described = 0;
        for (String topic : topics.stream().sorted().toList()) {
            recorder.invoke(Op.FINAL_DESCRIBE, process, topic, null, -1, -1);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            String value = null;
            String error = null;
            while (value == null && System.nanoTime() < deadline) {
                try {
                    TopicDescription d = admin.describeTopics(List.of(topic)).get(CHANGE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                            .get(topic);
                    value = d == null ? Op.ABSENT : describe(d, configs);
                } catch (Exception e) {
                    if (SendOutcome.unwrap(e) instanceof UnknownTopicOrPartitionException) {
                        value = Op.ABSENT;
                    } else {
                        error = SendOutcome.describe(e);
                        TimeUnit.MILLISECONDS.sleep(500); // the cluster may still be electing: ask again
                    }
                }
            }
            if (value != null) {
                described++;
            }
            recorder.complete(value != null ? Op.Type.OK : Op.Type.INFO, Op.FINAL_DESCRIBE, process, topic, value, -1, -1,
                    List.of(), value != null ? null : error);
        }
        return described;
    }

    private static String describe(TopicDescription d, List<String> configs) {
        List<String> parts = new ArrayList<>();
        parts.add("partitions=" + d.partitions().size());
        Map<String, ConfigEntry> all = d.configs();
        for (String name : configs) {
            ConfigEntry c = all.get(name);
            if (c != null) {
                parts.add(name + "=" + c.value());
            }
        }
        return String.join(",", parts);
    }

    @Override
    public void close() {
        admin.close();
    }
}
