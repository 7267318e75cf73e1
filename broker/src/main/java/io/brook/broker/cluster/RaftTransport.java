package io.brook.broker.cluster;

import io.brook.broker.network.SliceRegion;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.RaftBundle;
import io.brook.protocol.message.RaftEnvelope;
import io.brook.replication.raft.Entries;
import io.brook.replication.raft.RaftMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends data-plane Raft messages to peers. Messages are queued per destination broker and sent by
 * {@link #flush()} — which log threads call after each burst of work — as one RAFT frame per
 * destination holding every queued message of every partition (so heartbeats of thousands of
 * partitions shared by two brokers travel as one frame). Batches of AppendEntries go into the frame
 * payload as file regions (zero copy). Thread-safe; a per-destination lock keeps frames in order.
 */
public final class RaftTransport {

    private static final Logger LOG = LoggerFactory.getLogger(RaftTransport.class);
    private static final int MAX_BUNDLE_BYTES = 8 * 1024 * 1024;

    /** A message waiting to go: its envelope (partition filled in) and, for appends, its batches. */
    private record Outgoing(RaftEnvelope envelope, Entries entries) {}

    private final int localId;
    private final PeerConnections peers;
    private final IntFunction<String> addressOf;
    private final Map<Integer, ConcurrentLinkedQueue<Outgoing>> queues = new ConcurrentHashMap<>();

    /**
     * @param addressOf broker id to {@code host:port}, or {@code null} when unknown
     */
    public RaftTransport(int localId, PeerConnections peers, IntFunction<String> addressOf) {
        this.localId = localId;
        this.peers = peers;
        this.addressOf = addressOf;
    }

    /** Queues a message of partition {@code topic}-{@code partition} for broker {@code to}. */
    public void send(int to, String topic, int partition, String topicId, RaftMessage m) {
        RaftEnvelope env = RaftMessages.encode(m).setTopic(topic).setPartition(partition).setTopicId(topicId).build();
        Entries entries = m instanceof RaftMessage.AppendRequest a ? a.entries() : null;
        queues.computeIfAbsent(to, k -> new ConcurrentLinkedQueue<>()).add(new Outgoing(env, entries));
    }

    /**
     * Sends an empty bundle to every broker this one has sent Raft messages to: tells them it is alive
     * ({@link PeerLiveness}) while every partition they share is quiescent. Called once per tick.
     */
    public void ping() {
        RaftBundle ping = RaftBundle.newBuilder().setFromBroker(localId).build();
        for (Integer to : queues.keySet()) {
            String address = addressOf.apply(to);
            if (address != null) {
                peers.to(address).sendOneWay(ApiKey.RAFT, ping, List.of(),
                        () -> LOG.debug("A ping to broker {} at {} was not delivered", to, address));
            }
        }
    }

    /** Sends everything queued, one frame (or a few, when large) per destination. */
    public void flush() {
        for (Map.Entry<Integer, ConcurrentLinkedQueue<Outgoing>> e : queues.entrySet()) {
            ConcurrentLinkedQueue<Outgoing> q = e.getValue();
            if (q.isEmpty()) {
                continue;
            }
            synchronized (q) {
                drain(e.getKey(), q);
            }
        }
    }

    private void drain(int to, ConcurrentLinkedQueue<Outgoing> q) {
        String address = addressOf.apply(to);
        while (!q.isEmpty()) {
            RaftBundle.Builder bundle = RaftBundle.newBuilder().setFromBroker(localId);
            List<Object> payload = new ArrayList<>();
            long bytes = 0;
            Outgoing o;
            while (bytes < MAX_BUNDLE_BYTES && (o = q.poll()) != null) {
                bundle.addMessages(o.envelope());
                if (o.entries() != null && !o.entries().isEmpty()) {
                    payload.add(new SliceRegion(((SliceEntries) o.entries()).slice()));
                    bytes += o.entries().sizeInBytes();
                } else if (o.entries() != null) {
                    o.entries().release();
                }
            }
            if (address == null) {
                payload.forEach(io.netty.util.ReferenceCountUtil::safeRelease);
                LOG.debug("No address for broker {}; dropping {} Raft message(s)", to, bundle.getMessagesCount());
                continue;
            }
            peers.to(address).sendOneWay(ApiKey.RAFT, bundle.build(), payload,
                    () -> LOG.debug("Raft messages to broker {} at {} were not delivered", to, address));
        }
    }
}
