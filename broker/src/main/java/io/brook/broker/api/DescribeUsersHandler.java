package io.brook.broker.api;

import io.brook.broker.meta.ClusterUsers;
import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.RequestContext;
import io.brook.replication.control.acl.Operation;
import io.brook.replication.control.acl.ResourcePattern;
import io.brook.replication.control.acl.ResourceType;
import io.brook.protocol.UserNames;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.DescribeUsersRequest;
import io.brook.protocol.message.DescribeUsersResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.UserDescription;
import io.brook.protocol.message.UserScramInfo;
import io.brook.protocol.security.scram.ScramCredential;
import io.brook.protocol.security.scram.ScramException;
import io.brook.replication.control.StoredCredential;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * DescribeUsers: each user's name and, per mechanism, the iteration count of its credential, from
 * this broker's metadata image. Never a salt or a key: those stay inside the brokers. A named user
 * that does not exist gets RESOURCE_NOT_FOUND; an invalid name INVALID_REQUEST.
 */
public final class DescribeUsersHandler implements ApiHandler {

    private final ClusterUsers users;
    private final Authorization authorization;

    /** @param authorization DESCRIBE on the cluster is needed */
    public DescribeUsersHandler(ClusterUsers users, Authorization authorization) {
        this.users = users;
        this.authorization = authorization;
    }

    @Override
    public void handle(RequestContext request, Frame frame) throws Exception {
        DescribeUsersRequest req = Messages.parse(DescribeUsersRequest.parser(), frame.message());
        if (!authorization.allowedOnCluster(request, Operation.DESCRIBE)) {
            request.respond(DescribeUsersResponse.newBuilder().setErrorCode(ErrorCode.AUTHORIZATION_FAILED).setErrorMessage(
                    Authorization.denied(request, ResourceType.CLUSTER, ResourcePattern.CLUSTER_NAME, Operation.DESCRIBE)).build());
            return;
        }
        Map<String, Map<String, StoredCredential>> all = new TreeMap<>(users.all());
        Collection<String> names = req.getUsersCount() == 0 ? all.keySet() : req.getUsersList();
        DescribeUsersResponse.Builder b = DescribeUsersResponse.newBuilder().setErrorCode(ErrorCode.NONE);
        for (String name : names) {
            b.addUsers(describe(name, all.get(name)));
        }
        request.respond(b.build());
    }

    private static UserDescription describe(String name, Map<String, StoredCredential> credentials) {
        UserDescription.Builder u = UserDescription.newBuilder().setName(name);
        String bad = UserNames.check(name);
        if (bad != null) {
            return u.setErrorCode(ErrorCode.INVALID_REQUEST).setErrorMessage(bad).build();
        }
        if (credentials == null) {
            return u.setErrorCode(ErrorCode.RESOURCE_NOT_FOUND).setErrorMessage("user '" + name + "' does not exist").build();
        }
        u.setErrorCode(ErrorCode.NONE);
        for (StoredCredential c : new TreeMap<>(credentials).values()) {
            UserScramInfo.Builder info = UserScramInfo.newBuilder().setMechanism(c.mechanism());
            try {
                info.setIterations(ScramCredential.decode(c.bytes()).iterations());
            } catch (ScramException e) {
                info.setIterations(-1); // unreadable: shown, so that an operator sets it again
            }
            u.addCredentials(info);
        }
        return u.build();
    }
}
