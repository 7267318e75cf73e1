package io.brook.cli;

import io.brook.client.internal.ClientSettings;
import io.brook.client.internal.network.NetworkClient;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.FindCoordinatorRequest;
import io.brook.protocol.message.FindCoordinatorResponse;
import io.brook.protocol.message.GroupHeartbeatRequest;
import io.brook.protocol.message.GroupHeartbeatResponse;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;

/**
 * A group member made of one GroupHeartbeat (join), for CLI tests that need a group with members
 * before the consumer can subscribe; closing it leaves the group (member epoch -1). It sends no
 * further heartbeats, so it stays a member only for the broker's session timeout.
 */
final class HeartbeatMember implements AutoCloseable {

    private static final int TIMEOUT_MS = 10_000;

    private final NetworkClient network;
    private final InetSocketAddress coordinator;
    private final String groupId;
    private final String memberId;
    private final GroupHeartbeatResponse joined;

    HeartbeatMember(String bootstrap, String groupId, String memberId, String topic) throws Exception {
        String[] hostPort = bootstrap.split(":");
        InetSocketAddress broker = InetSocketAddress.createUnresolved(hostPort[0], Integer.parseInt(hostPort[1]));
        this.network = new NetworkClient(new ClientSettings("test", List.of(broker), "heartbeat-member", TIMEOUT_MS, 10, 100,
                60_000, 5, 64 << 20, false));
        this.groupId = groupId;
        this.memberId = memberId;
        try {
            this.coordinator = findCoordinator(broker);
            this.joined = heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(groupId).setMemberId(memberId)
                    .setMemberEpoch(0).setRebalanceTimeoutMs(30_000).setHasSubscription(true).addSubscribedTopicNames(topic)
                    .setHasOwned(true).setClientId("cli-test-client").build());
        } catch (Exception e) {
            network.close();
            throw e;
        }
    }

    /** The coordinator once it is elected (the first request creates __groups). */
    private InetSocketAddress findCoordinator(InetSocketAddress broker) {
        AtomicReference<InetSocketAddress> found = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            FindCoordinatorResponse r = network.call(broker, ApiKey.FIND_COORDINATOR,
                    FindCoordinatorRequest.newBuilder().setGroupId(groupId).build(), FindCoordinatorResponse.parser(), TIMEOUT_MS)
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (r.getErrorCode() == ErrorCode.NONE) {
                found.set(InetSocketAddress.createUnresolved(r.getHost(), r.getPort()));
            }
            return found.get() != null;
        });
        return found.get();
    }

    private GroupHeartbeatResponse heartbeat(GroupHeartbeatRequest request) throws Exception {
        GroupHeartbeatResponse r = network.call(coordinator, ApiKey.GROUP_HEARTBEAT, request, GroupHeartbeatResponse.parser(),
                TIMEOUT_MS).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        if (r.getErrorCode() != ErrorCode.NONE) {
            throw new IllegalStateException("heartbeat of " + memberId + " failed: " + r.getErrorCode() + " " + r.getErrorMessage());
        }
        return r;
    }

    /** The answer to the join: epoch and assignment. */
    GroupHeartbeatResponse joined() {
        return joined;
    }

    @Override
    public void close() throws Exception {
        try {
            heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(groupId).setMemberId(memberId).setMemberEpoch(-1).build());
        } finally {
            network.close();
        }
    }
}
