package io.brook.client.internal.admin;

import io.brook.client.AclEntry;
import io.brook.client.BrookException;
import io.brook.client.internal.Backoff;
import io.brook.client.internal.ErrorMapping;
import io.brook.client.internal.metadata.Metadata;
import io.brook.client.internal.network.NetworkClient;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.Acl;
import io.brook.protocol.message.AclOperation;
import io.brook.protocol.message.AclPatternType;
import io.brook.protocol.message.AclPermission;
import io.brook.protocol.message.AclResourceType;
import io.brook.protocol.message.AclResult;
import io.brook.protocol.message.CreateAclsRequest;
import io.brook.protocol.message.CreateAclsResponse;
import io.brook.protocol.message.DeleteAclsRequest;
import io.brook.protocol.message.DeleteAclsResponse;
import io.brook.protocol.message.DeleteAclsResult;
import io.brook.protocol.message.DescribeAclsRequest;
import io.brook.protocol.message.DescribeAclsResponse;
import io.brook.protocol.message.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The ACL operations behind {@link io.brook.client.Admin}: any broker answers DescribeAcls from its
 * metadata; CreateAcls and DeleteAcls go through the controller quorum. Retriable failures are retried
 * until {@code default.api.timeout.ms} (creating the same ACL twice, or deleting with the same filter
 * again, is harmless). Thread-safe.
 */
final class AclAdmin {

    private final NetworkClient network;
    private final Metadata metadata;
    private final Backoff backoff;
    private final int requestTimeoutMs;
    private final long apiTimeoutMs;

    AclAdmin(NetworkClient network, Metadata metadata, Backoff backoff, int requestTimeoutMs, long apiTimeoutMs) {
        this.network = network;
        this.metadata = metadata;
        this.backoff = backoff;
        this.requestTimeoutMs = requestTimeoutMs;
        this.apiTimeoutMs = apiTimeoutMs;
    }

    CompletableFuture<List<AclEntry>> describe(AclEntry.Filter filter) {
        return retrying("listing ACLs", true, () -> network.call(metadata.anyBroker(), ApiKey.DESCRIBE_ACLS,
                DescribeAclsRequest.newBuilder().setFilter(toWire(filter)).build(), DescribeAclsResponse.parser(), requestTimeoutMs)
                .thenApply(r -> {
                    if (r.getErrorCode() != ErrorCode.NONE) {
                        throw ErrorMapping.toException(r.getErrorCode(), r.getErrorMessage(), null, -1, -1);
                    }
                    List<AclEntry> out = new ArrayList<>();
                    r.getAclsList().forEach(a -> out.add(fromWire(a)));
                    return out;
                }));
    }

    CompletableFuture<Void> create(List<AclEntry> acls) {
        CreateAclsRequest.Builder req = CreateAclsRequest.newBuilder();
        acls.forEach(a -> req.addAcls(toWire(AclEntry.Filter.of(a))));
        return retrying("creating ACLs", false, () -> network.call(metadata.anyBroker(), ApiKey.CREATE_ACLS, req.build(),
                CreateAclsResponse.parser(), requestTimeoutMs).thenApply(r -> {
                    for (AclResult x : r.getResultsList()) {
                        if (x.getErrorCode() != ErrorCode.NONE) {
                            throw ErrorMapping.toException(x.getErrorCode(), x.getErrorMessage(), null, -1, -1);
                        }
                    }
                    return null;
                }));
    }

    CompletableFuture<List<AclEntry>> delete(List<AclEntry.Filter> filters) {
        DeleteAclsRequest.Builder req = DeleteAclsRequest.newBuilder();
        filters.forEach(f -> req.addFilters(toWire(f)));
        Set<AclEntry> deleted = new LinkedHashSet<>();
        return retrying("deleting ACLs", false, () -> network.call(metadata.anyBroker(), ApiKey.DELETE_ACLS, req.build(),
                DeleteAclsResponse.parser(), requestTimeoutMs).thenApply(r -> {
                    for (DeleteAclsResult x : r.getResultsList()) {
                        if (x.getErrorCode() != ErrorCode.NONE) {
                            throw ErrorMapping.toException(x.getErrorCode(), x.getErrorMessage(), null, -1, -1);
                        }
                        x.getDeletedList().forEach(a -> deleted.add(fromWire(a)));
                    }
                    return List.copyOf(deleted);
                }));
    }

    private <T> CompletableFuture<T> retrying(String what, boolean readOnly, java.util.function.Supplier<CompletableFuture<T>> attempt) {
        return RetryingCall.run(network.eventLoop(), metadata, backoff, what, apiTimeoutMs, attempt, BrookException::isRetriable, readOnly);
    }

    static Acl toWire(AclEntry.Filter f) {
        Acl.Builder b = Acl.newBuilder();
        if (f.principal() != null) {
            b.setPrincipal(f.principal());
        }
        if (f.resourceName() != null) {
            b.setResourceName(f.resourceName());
        }
        // the wire enums number their values as the client's enums order them, from 1 (0 = any)
        b.setResourceType(AclResourceType.forNumber(f.resourceType() == null ? 0 : f.resourceType().ordinal() + 1));
        b.setPatternType(AclPatternType.forNumber(f.patternType() == null ? 0 : f.patternType().ordinal() + 1));
        b.setOperation(AclOperation.forNumber(f.operation() == null ? 0 : f.operation().ordinal() + 1));
        b.setPermission(AclPermission.forNumber(f.permission() == null ? 0 : f.permission().ordinal() + 1));
        return b.build();
    }

    static AclEntry fromWire(Acl a) {
        return new AclEntry(a.getPrincipal(), AclEntry.ResourceType.values()[a.getResourceTypeValue() - 1], a.getResourceName(),
                AclEntry.PatternType.values()[a.getPatternTypeValue() - 1], AclEntry.Operation.values()[a.getOperationValue() - 1],
                AclEntry.Permission.values()[a.getPermissionValue() - 1]);
    }
}
