package io.brook.broker.api;

import io.brook.broker.cluster.BufEntries;
import io.brook.broker.cluster.PeerLiveness;
import io.brook.broker.cluster.RaftMessages;
import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.RequestContext;
import io.brook.broker.partition.Partition;
import io.brook.broker.partition.PartitionManager;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.RaftBundle;
import io.brook.protocol.message.RaftEnvelope;
import io.brook.replication.raft.Entries;
import io.brook.replication.raft.RaftMessage;
import io.netty.buffer.ByteBuf;

/**
 * RAFT (one-way): hands each message of a bundle to its partition's owner thread (the controller's
 * metadata partition included). Batches of
 * AppendEntries stay in the frame's buffer (a retained slice) until the follower has appended them.
 * Messages for partitions this broker does not (yet) host, or for another incarnation of the topic,
 * are dropped: Raft retries. Every bundle, an empty one (a ping) included, tells {@link PeerLiveness}
 * that its broker is alive.
 */
public final class RaftHandler implements ApiHandler {

    private final PartitionManager partitions;
    private final PeerLiveness liveness;

    public RaftHandler(PartitionManager partitions, PeerLiveness liveness) {
        this.partitions = partitions;
        this.liveness = liveness;
    }

    @Override
    public void handle(RequestContext request, Frame frame) throws Exception {
        request.noResponse();
        RaftBundle bundle = Messages.parse(RaftBundle.parser(), frame.message());
        liveness.heard(bundle.getFromBroker());
        ByteBuf payload = frame.payload();
        int index = payload.readerIndex();
        for (RaftEnvelope e : bundle.getMessagesList()) {
            int size = e.hasAppend() ? e.getAppend().getRecordsSize() : 0;
            if (size < 0 || size > payload.writerIndex() - index) {
                return;
            }
            Partition p = partitions.raftTarget(e.getTopic(), e.getPartition());
            boolean ours = p != null && p.topicId().equals(e.getTopicId());
            Entries entries = Entries.NONE;
            if (ours && size > 0) {
                try {
                    entries = BufEntries.parse(payload.retainedSlice(index, size));
                } catch (IllegalArgumentException malformed) {
                    index += size;
                    continue;
                }
            }
            index += size;
            if (!ours) {
                continue;
            }
            RaftMessage m;
            try {
                m = RaftMessages.decode(e, entries);
            } catch (IllegalArgumentException malformed) {
                m = null; // e.g. a reset naming a broker twice
            }
            if (m == null) {
                entries.release();
                continue;
            }
            p.owner().deliver(p, m);
        }
    }
}
