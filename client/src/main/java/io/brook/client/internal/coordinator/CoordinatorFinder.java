package io.brook.client.internal.coordinator;

import io.brook.client.internal.metadata.Metadata;
import io.brook.client.internal.network.NetworkClient;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.FindCoordinatorRequest;
import io.brook.protocol.message.FindCoordinatorResponse;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Finds the broker that coordinates a group by asking any broker (FindCoordinator). It keeps no
 * cache: a caller finds the coordinator again whenever the one it used answered
 * {@code NOT_COORDINATOR}, {@code COORDINATOR_NOT_AVAILABLE} or {@code COORDINATOR_LOAD_IN_PROGRESS}
 * (all {@link io.brook.client.CoordinatorNotAvailableException}, retriable) or could not be reached,
 * which is how a retrying caller follows a coordinator that moved.
 *
 * <p>Thread-safe: state lives in the network client and the metadata.
 */
public final class CoordinatorFinder {

    private final NetworkClient network;
    private final Metadata metadata;
    private final int requestTimeoutMs;

    public CoordinatorFinder(NetworkClient network, Metadata metadata, int requestTimeoutMs) {
        this.network = network;
        this.metadata = metadata;
        this.requestTimeoutMs = requestTimeoutMs;
    }

    /**
     * @return the coordinator's address; fails with the answer's error mapped by {@link GroupErrors}
     *     (retriable while the coordinator is being elected or loaded), or with the connection's failure
     */
    public CompletableFuture<InetSocketAddress> find(String groupId) {
        FindCoordinatorRequest request = FindCoordinatorRequest.newBuilder().setGroupId(groupId).build();
        return network.call(metadata.anyBroker(), ApiKey.FIND_COORDINATOR, request, FindCoordinatorResponse.parser(),
                requestTimeoutMs).thenApply(r -> {
                    if (r.getErrorCode() != ErrorCode.NONE) {
                        throw GroupErrors.toException(r.getErrorCode(), r.getErrorMessage(), groupId);
                    }
                    return InetSocketAddress.createUnresolved(r.getHost(), r.getPort());
                });
    }
}
