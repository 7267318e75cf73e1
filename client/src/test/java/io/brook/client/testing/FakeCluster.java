package io.brook.client.testing;

import io.brook.protocol.record.RecordBatch;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory stand-in for a Brook cluster, faithful to the wire contract the client relies on:
 * one or more {@link FakeBroker}s on ephemeral loopback ports sharing topic state (topic, partition,
 * list of stored batches, leader per partition). All state is owned by one event loop; tests reach
 * it through {@link #call}. Close it in a finally block (or try-with-resources).
 */
public final class FakeCluster implements AutoCloseable {

    /** Topic configs the fake accepts, with their defaults. */
    static final Map<String, String> DEFAULT_CONFIGS = Map.of(
            "retention.ms", "604800000", "retention.bytes", "-1", "segment.bytes", "1073741824",
            "max.batch.bytes", "16777216");

    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    final EventLoop loop = group.next();
    final List<FakeBroker> brokers = new ArrayList<>();
    final Map<String, FakeTopic> topics = new TreeMap<>();
    final FakeFetches fetches = new FakeFetches(this);
    final FakeGroups groups = new FakeGroups(this);
    boolean autoCreateTopics;
    int controllerId;
    /** The next id InitProducerId hands out. */
    long nextProducerId = 1000;

    /** One topic: its partitions and config overrides. */
    static final class FakeTopic {
        final String id;
        final List<FakePartition> partitions = new ArrayList<>();
        final Map<String, String> overrides = new LinkedHashMap<>();
        int replicationFactor = 1;

        FakeTopic(String id) {
            this.id = id;
        }
    }

    private FakeCluster() {}

    /** Starts {@code count} brokers with ids 0..count-1; broker 0 is the controller. */
    public static FakeCluster start(int count) {
        FakeCluster c = new FakeCluster();
        try {
            for (int i = 0; i < count; i++) {
                c.brokers.add(FakeBroker.start(c, i));
            }
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** {@code 127.0.0.1:port} of broker 0. */
    public String bootstrap() {
        return broker(0).address();
    }

    public FakeBroker broker(int id) {
        return brokers.get(id);
    }

    /** Runs {@code task} on the cluster's event loop and returns its result. */
    public <T> T call(Callable<T> task) {
        try {
            return loop.submit(task).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake cluster task failed", e);
        }
    }

    public void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    /** The consumer groups and their committed offsets. */
    public FakeGroups groups() {
        return groups;
    }

    /** Whether Metadata requests with allow_auto_create create missing topics. */
    public void autoCreateTopics(boolean enabled) {
        run(() -> autoCreateTopics = enabled);
    }

    public void createTopic(String name, int partitions) {
        run(() -> createTopicNow(name, partitions, 1));
    }

    FakeTopic createTopicNow(String name, int partitions, int replicationFactor) {
        FakeTopic t = new FakeTopic("id-" + name);
        t.replicationFactor = replicationFactor;
        for (int p = 0; p < partitions; p++) {
            t.partitions.add(new FakePartition(0));
        }
        topics.put(name, t);
        return t;
    }

    /** Moves a partition's leadership to broker {@code brokerId}. */
    public void setLeader(String topic, int partition, int brokerId) {
        run(() -> topics.get(topic).partitions.get(partition).leader = brokerId);
    }

    /** Holds the high watermark at {@code offset} (-1 releases it): later records are not readable. */
    public void holdHighWatermark(String topic, int partition, long offset) {
        run(() -> {
            topics.get(topic).partitions.get(partition).heldHighWatermark = offset;
            fetches.recheck();
        });
    }

    /** Deletes the batches below {@code newStart}, as retention would. */
    public void truncateHead(String topic, int partition, long newStart) {
        run(() -> topics.get(topic).partitions.get(partition).truncateHead(newStart));
    }

    /** Flips a byte in the records of the {@code index}-th stored batch (its CRC no longer matches). */
    public void corruptBatch(String topic, int partition, int index) {
        run(() -> {
            ByteBuffer b = topics.get(topic).partitions.get(partition).batches.get(index);
            int at = b.position() + b.remaining() - 1;
            b.put(at, (byte) (b.get(at) ^ 0x5a));
        });
    }

    public long logEnd(String topic, int partition) {
        return call(() -> topics.get(topic).partitions.get(partition).logEnd);
    }

    /** Copies of the stored batches of a partition. */
    public List<ByteBuffer> batches(String topic, int partition) {
        return call(() -> {
            List<ByteBuffer> out = new ArrayList<>();
            for (ByteBuffer b : topics.get(topic).partitions.get(partition).batches) {
                ByteBuffer copy = ByteBuffer.allocate(b.remaining());
                copy.put(b.duplicate()).flip();
                out.add(copy);
            }
            return out;
        });
    }

    /** Number of records stored in a partition. */
    public long recordCount(String topic, int partition) {
        long n = 0;
        for (ByteBuffer b : batches(topic, partition)) {
            n += RecordBatch.of(b).recordCount();
        }
        return n;
    }

    /** The idempotent batches a partition received, in arrival order, with what it did with each. */
    public List<ProducerAttempt> producerAttempts(String topic, int partition) {
        return call(() -> List.copyOf(topics.get(topic).partitions.get(partition).attempts));
    }

    /** Makes a partition forget every producer's state, as a broker that lost it would. */
    public void forgetProducers(String topic, int partition) {
        run(() -> topics.get(topic).partitions.get(partition).producers.clear());
    }

    /** Makes broker {@code brokerId} the coordinator of every group; the others answer NOT_COORDINATOR. */
    public void setCoordinator(int brokerId) {
        run(() -> groups.coordinatorId = brokerId);
    }

    /** The heartbeat interval the fake coordinator asks members for (50 ms unless changed). */
    public void setHeartbeatIntervalMs(int ms) {
        run(() -> groups.heartbeatIntervalMs = ms);
    }

    /** The session timeout the fake coordinator tells members (10 s unless changed). */
    public void setSessionTimeoutMs(int ms) {
        run(() -> groups.sessionTimeoutMs = ms);
    }

    /** Every GroupHeartbeat request received so far, in arrival order (faulty ones included). */
    public List<io.brook.protocol.message.GroupHeartbeatRequest> heartbeats() {
        return call(() -> List.copyOf(groups.heartbeats));
    }

    /** Every OffsetCommit request received so far, in arrival order. */
    public List<io.brook.protocol.message.OffsetCommitRequest> commits() {
        return call(() -> List.copyOf(groups.commits));
    }

    /** The committed offset of a partition in a group, or {@code null}. */
    public io.brook.client.OffsetAndMetadata committed(String group, io.brook.client.TopicPartition tp) {
        return call(() -> groups.group(group).offsets.get(tp));
    }

    /** Stores a committed offset, as an earlier consumer of the group would have. */
    public void commit(String group, io.brook.client.TopicPartition tp, long offset) {
        run(() -> groups.group(group).offsets.put(tp, new io.brook.client.OffsetAndMetadata(offset)));
    }

    /** The ids of the group's members. */
    public java.util.Set<String> members(String group) {
        return call(() -> java.util.Set.copyOf(groups.group(group).members.keySet()));
    }

    /** The partitions the coordinator has assigned to a member (empty for an unknown member). */
    public java.util.Set<io.brook.client.TopicPartition> assignedTo(String group, String memberId) {
        return call(() -> {
            FakeGroups.FakeMember m = groups.group(group).members.get(memberId);
            return m == null ? java.util.Set.<io.brook.client.TopicPartition>of() : java.util.Set.copyOf(m.assigned);
        });
    }

    /** Removes a member as a coordinator would whose session expired; its next heartbeat gets UNKNOWN_MEMBER_ID. */
    public void removeMember(String group, String memberId) {
        run(() -> groups.group(group).members.remove(memberId));
    }

    public boolean hasTopic(String name) {
        return call(() -> topics.containsKey(name));
    }

    @Override
    public void close() {
        for (FakeBroker b : brokers) {
            b.close();
        }
        fetches.releaseAll();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
