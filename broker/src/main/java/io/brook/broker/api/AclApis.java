package io.brook.broker.api;

import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.RequestContext;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.Acl;
import io.brook.protocol.message.AclResult;
import io.brook.protocol.message.CreateAclsRequest;
import io.brook.protocol.message.CreateAclsResponse;
import io.brook.protocol.message.DeleteAclsRequest;
import io.brook.protocol.message.DeleteAclsResponse;
import io.brook.protocol.message.DeleteAclsResult;
import io.brook.protocol.message.DescribeAclsRequest;
import io.brook.protocol.message.DescribeAclsResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.replication.control.MetadataResult;
import io.brook.replication.control.acl.AclBinding;
import io.brook.replication.control.acl.AclFilter;
import io.brook.replication.control.acl.InvalidAclException;
import io.brook.replication.control.acl.Operation;
import io.brook.replication.control.acl.ResourceType;
import io.brook.replication.control.acl.ResourcePattern;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * DescribeAcls (needs DESCRIBE on the cluster), CreateAcls and DeleteAcls (need ALTER on the cluster).
 * Changes go through the controller quorum like topic changes and are answered once committed. A
 * DeleteAcls filter is matched against this broker's current image, and the bindings it matched are
 * removed (and returned); a binding created concurrently by another admin after that image is not.
 */
public final class AclApis {

    private final BrokerContext broker;

    public AclApis(BrokerContext broker) {
        this.broker = broker;
    }

    public ApiHandler describe() {
        return (request, frame) -> {
            DescribeAclsRequest req = Messages.parse(DescribeAclsRequest.parser(), frame.message());
            if (!clusterAllowed(request, Operation.DESCRIBE)) {
                request.respond(DescribeAclsResponse.newBuilder().setErrorCode(ErrorCode.AUTHORIZATION_FAILED)
                        .setErrorMessage(Authorization.denied(request, ResourceType.CLUSTER, ResourcePattern.CLUSTER_NAME, Operation.DESCRIBE))
                        .build());
                return;
            }
            AclFilter filter;
            try {
                filter = AclMessages.filter(req.getFilter());
            } catch (InvalidAclException e) {
                request.respond(DescribeAclsResponse.newBuilder().setErrorCode(ErrorCode.INVALID_REQUEST).setErrorMessage(e.getMessage()).build());
                return;
            }
            DescribeAclsResponse.Builder b = DescribeAclsResponse.newBuilder().setErrorCode(ErrorCode.NONE);
            for (AclBinding acl : broker.image().acls()) {
                if (filter.matches(acl)) {
                    b.addAcls(AclMessages.toWire(acl));
                }
            }
            request.respond(b.build());
        };
    }

    public ApiHandler create() {
        return (request, frame) -> {
            CreateAclsRequest req = Messages.parse(CreateAclsRequest.parser(), frame.message());
            CreateAclsResponse.Builder out = CreateAclsResponse.newBuilder();
            if (!clusterAllowed(request, Operation.ALTER)) {
                String denied = Authorization.denied(request, ResourceType.CLUSTER, ResourcePattern.CLUSTER_NAME, Operation.ALTER);
                req.getAclsList().forEach(a -> out.addResults(result(ErrorCode.AUTHORIZATION_FAILED, denied)));
                request.respond(out.build());
                return;
            }
            List<AclBinding> valid = new ArrayList<>();
            List<AclResult> results = new ArrayList<>();
            for (Acl a : req.getAclsList()) {
                try {
                    valid.add(AclMessages.binding(a));
                    results.add(null);
                } catch (InvalidAclException e) {
                    results.add(result(ErrorCode.INVALID_REQUEST, e.getMessage()));
                }
            }
            if (valid.isEmpty()) {
                results.forEach(out::addResults);
                request.respond(out.build());
                return;
            }
            broker.metadata().createAcls(valid).whenComplete((r, t) -> {
                AclResult done = outcome(r, t);
                results.forEach(x -> out.addResults(x == null ? done : x));
                request.respond(out.build());
            });
        };
    }

    public ApiHandler delete() {
        return (request, frame) -> {
            DeleteAclsRequest req = Messages.parse(DeleteAclsRequest.parser(), frame.message());
            DeleteAclsResponse.Builder out = DeleteAclsResponse.newBuilder();
            if (!clusterAllowed(request, Operation.ALTER)) {
                String denied = Authorization.denied(request, ResourceType.CLUSTER, ResourcePattern.CLUSTER_NAME, Operation.ALTER);
                req.getFiltersList().forEach(f -> out.addResults(DeleteAclsResult.newBuilder().setErrorCode(ErrorCode.AUTHORIZATION_FAILED)
                        .setErrorMessage(denied)));
                request.respond(out.build());
                return;
            }
            List<DeleteAclsResult.Builder> results = new ArrayList<>();
            Set<AclBinding> matched = new LinkedHashSet<>();
            List<AclBinding> current = broker.image().acls();
            for (Acl f : req.getFiltersList()) {
                DeleteAclsResult.Builder r = DeleteAclsResult.newBuilder();
                try {
                    AclFilter filter = AclMessages.filter(f);
                    for (AclBinding acl : current) {
                        if (filter.matches(acl)) {
                            matched.add(acl);
                            r.addDeleted(AclMessages.toWire(acl));
                        }
                    }
                } catch (InvalidAclException e) {
                    r.setErrorCode(ErrorCode.INVALID_REQUEST).setErrorMessage(e.getMessage());
                }
                results.add(r);
            }
            if (matched.isEmpty()) {
                results.forEach(out::addResults);
                request.respond(out.build());
                return;
            }
            broker.metadata().deleteAcls(List.copyOf(matched)).whenComplete((r, t) -> {
                AclResult done = outcome(r, t);
                for (DeleteAclsResult.Builder x : results) {
                    if (x.getErrorCode() == ErrorCode.NONE && done.getErrorCode() != ErrorCode.NONE) {
                        x.clearDeleted().setErrorCode(done.getErrorCode()).setErrorMessage(done.getErrorMessage());
                    }
                    out.addResults(x);
                }
                request.respond(out.build());
            });
        };
    }

    private boolean clusterAllowed(RequestContext request, Operation op) {
        return broker.authorization().allowedOnCluster(request, op);
    }

    private static AclResult outcome(MetadataResult r, Throwable t) {
        if (t != null) {
            return result(ErrorCode.CONTROLLER_NOT_AVAILABLE, "the controller quorum did not answer: " + t.getMessage());
        }
        if (r.ok()) {
            return result(ErrorCode.NONE, "");
        }
        return result(r.error() == MetadataResult.Error.CONTROLLER_NOT_AVAILABLE ? ErrorCode.CONTROLLER_NOT_AVAILABLE
                : ErrorCode.UNKNOWN_SERVER_ERROR, r.message());
    }

    private static AclResult result(ErrorCode code, String message) {
        return AclResult.newBuilder().setErrorCode(code).setErrorMessage(message == null ? "" : message).build();
    }
}
