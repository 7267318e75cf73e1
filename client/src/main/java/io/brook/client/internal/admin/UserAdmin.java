package io.brook.client.internal.admin;

import com.google.protobuf.ByteString;
import io.brook.client.BrookException;
import io.brook.client.InvalidConfigException;
import io.brook.client.UserDescription;
import io.brook.client.internal.Backoff;
import io.brook.client.internal.ErrorMapping;
import io.brook.client.internal.metadata.Metadata;
import io.brook.client.internal.network.NetworkClient;
import io.brook.protocol.ApiKey;
import io.brook.protocol.UserNames;
import io.brook.protocol.message.AlterUsersRequest;
import io.brook.protocol.message.AlterUsersResponse;
import io.brook.protocol.message.DescribeUsersRequest;
import io.brook.protocol.message.DescribeUsersResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.UserDeletion;
import io.brook.protocol.message.UserResult;
import io.brook.protocol.message.UserScramInfo;
import io.brook.protocol.message.UserUpsertion;
import io.brook.protocol.security.scram.ScramCredential;
import io.brook.protocol.security.scram.ScramException;
import io.brook.protocol.security.scram.ScramMechanism;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The user operations behind {@link io.brook.client.Admin}: SCRAM credentials are derived here, in
 * the client (a fresh salt from {@link SecureRandom}, then RFC 5802's StoredKey and ServerKey), so the
 * password never leaves the process; only the derived credential goes to the cluster with AlterUsers.
 * Names, mechanisms, iteration counts and passwords are checked before anything is sent
 * ({@link InvalidConfigException}). Each operation is retried like the topic operations.
 *
 * <p>Thread-safe: state lives in the network client, the metadata and each call's closure.
 */
final class UserAdmin {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final NetworkClient network;
    private final Supplier<InetSocketAddress> controller;
    private final Metadata metadata;
    private final Backoff backoff;
    private final int requestTimeoutMs;
    private final long apiTimeoutMs;

    UserAdmin(NetworkClient network, Metadata metadata, Supplier<InetSocketAddress> controller, Backoff backoff, int requestTimeoutMs,
              long apiTimeoutMs) {
        this.network = network;
        this.metadata = metadata;
        this.controller = controller;
        this.backoff = backoff;
        this.requestTimeoutMs = requestTimeoutMs;
        this.apiTimeoutMs = apiTimeoutMs;
    }

    private <T> CompletableFuture<T> retrying(String what, boolean readOnly, Supplier<CompletableFuture<T>> attempt) {
        return RetryingCall.run(network.eventLoop(), metadata, backoff, what, apiTimeoutMs, attempt, BrookException::isRetriable, readOnly);
    }

    CompletableFuture<Void> createUser(String name, String mechanism, char[] password, int iterations) {
        UserUpsertion upsertion;
        try {
            checkName(name);
            ScramCredential credential = ScramCredential.create(mechanism(mechanism), password, RANDOM, iterations);
            upsertion = UserUpsertion.newBuilder().setName(name).setCredential(ByteString.copyFrom(credential.encode())).build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new InvalidConfigException("cannot create user '" + name + "': " + e.getMessage()));
        } catch (BrookException e) {
            return CompletableFuture.failedFuture(e);
        }
        return alter("setting the " + mechanism + " credential of user '" + name + "'",
                AlterUsersRequest.newBuilder().addUpsertions(upsertion).build());
    }

    CompletableFuture<Void> deleteUser(String name, String mechanism) {
        try {
            checkName(name);
            if (mechanism != null) {
                mechanism(mechanism);
            }
        } catch (BrookException e) {
            return CompletableFuture.failedFuture(e);
        }
        UserDeletion deletion = UserDeletion.newBuilder().setName(name).setMechanism(mechanism == null ? "" : mechanism).build();
        return alter("deleting " + (mechanism == null ? "" : "the " + mechanism + " credential of ") + "user '" + name + "'",
                AlterUsersRequest.newBuilder().addDeletions(deletion).build());
    }

    private CompletableFuture<Void> alter(String what, AlterUsersRequest request) {
        return retrying(what, false, () -> network.call(controller.get(), ApiKey.ALTER_USERS, request, AlterUsersResponse.parser(),
                requestTimeoutMs).thenApply(r -> {
                    if (r.getResultsCount() != 1) {
                        throw new io.brook.client.RetriableBrokerErrorException("the broker's AlterUsers response has "
                                + r.getResultsCount() + " results for 1 change", null, ErrorCode.UNKNOWN_SERVER_ERROR);
                    }
                    UserResult result = r.getResults(0);
                    if (result.getErrorCode() != ErrorCode.NONE) {
                        throw ErrorMapping.toException(result.getErrorCode(), result.getErrorMessage(), null, -1, -1);
                    }
                    return null;
                }));
    }

    CompletableFuture<List<UserDescription>> describeUsers() {
        return retrying("describing users", true, () -> network.call(metadata.anyBroker(), ApiKey.DESCRIBE_USERS,
                DescribeUsersRequest.getDefaultInstance(), DescribeUsersResponse.parser(), requestTimeoutMs).thenApply(r -> {
                    if (r.getErrorCode() != ErrorCode.NONE) {
                        throw ErrorMapping.toException(r.getErrorCode(), r.getErrorMessage(), null, -1, -1);
                    }
                    List<UserDescription> out = new ArrayList<>();
                    for (io.brook.protocol.message.UserDescription u : r.getUsersList()) {
                        if (u.getErrorCode() != ErrorCode.NONE) {
                            throw ErrorMapping.toException(u.getErrorCode(), u.getErrorMessage(), null, -1, -1);
                        }
                        Map<String, Integer> iterations = new LinkedHashMap<>();
                        for (UserScramInfo c : u.getCredentialsList()) {
                            iterations.put(c.getMechanism(), c.getIterations());
                        }
                        out.add(new UserDescription(u.getName(), iterations));
                    }
                    return List.copyOf(out);
                }));
    }

    private static void checkName(String name) {
        String bad = UserNames.check(name);
        if (bad != null) {
            throw new InvalidConfigException(bad);
        }
    }

    private static ScramMechanism mechanism(String name) {
        try {
            return ScramMechanism.forName(name);
        } catch (ScramException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }
}
