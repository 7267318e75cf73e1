package io.brook.broker;

import io.brook.testsupport.RawConnection;
import io.brook.broker.partition.Partition;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.RaftBundle;
import io.brook.protocol.message.RaftEnvelope;
import io.brook.protocol.message.RaftTimeoutNow;

/**
 * Leader, term and high watermark of partition {@code t-0} as one broker of an {@link InProcessCluster}
 * sees them: what an attack on the peer listener must leave unchanged. Also builds the attack's frame.
 */
record ReplicaState(int leader, int term, long highWatermark) {

    static ReplicaState of(InProcessCluster cluster, int broker) {
        Partition p = cluster.broker(broker).partitions().get("t", 0);
        return new ReplicaState(p.leaderId(), p.leaderTerm(), p.highWatermark());
    }

    /**
     * A raw RAFT frame carrying TimeoutNow from {@code leader} in {@code term}: the real message that
     * makes {@code follower} start an election for {@code t-0} at once, and so take the leadership.
     */
    static byte[] takeOver(InProcessCluster cluster, int leader, int follower, int term) {
        Partition p = cluster.broker(follower).partitions().get("t", 0);
        return RawConnection.request(ApiKey.RAFT.id(), 100, RaftBundle.newBuilder().setFromBroker(leader)
                .addMessages(RaftEnvelope.newBuilder().setTopic("t").setPartition(0).setTopicId(p.topicId())
                        .setTerm(term).setFrom(leader).setTimeoutNow(RaftTimeoutNow.getDefaultInstance()))
                .build(), new byte[0]);
    }
}
