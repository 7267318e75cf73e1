package io.brook.broker.api;

import io.brook.broker.meta.AdminResult;
import io.brook.broker.meta.ClusterUsers;
import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.RequestContext;
import io.brook.replication.control.acl.Operation;
import io.brook.replication.control.acl.ResourcePattern;
import io.brook.replication.control.acl.ResourceType;
import io.brook.broker.sasl.ScramAuthenticator;
import io.brook.protocol.UserNames;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.AlterUsersRequest;
import io.brook.protocol.message.AlterUsersResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.UserDeletion;
import io.brook.protocol.message.UserResult;
import io.brook.protocol.message.UserUpsertion;
import io.brook.protocol.security.scram.ScramCredential;
import io.brook.protocol.security.scram.ScramException;
import io.brook.protocol.security.scram.ScramMechanism;
import io.brook.replication.control.StoredCredential;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * AlterUsers: sets users' SCRAM credentials and deletes them, answering per user (upsertions first,
 * then deletions, in request order) once the change is in this broker's metadata image. A credential
 * is the client-derived {@link ScramCredential} encoding (salt, iterations, StoredKey, ServerKey;
 * never a password); it must decode, which also checks that its iteration count is at least the
 * mechanism's minimum, and its mechanism must be enabled ({@code sasl.enabled.mechanisms}). Names
 * follow {@link UserNames}.
 */
public final class AlterUsersHandler implements ApiHandler {

    private final ClusterUsers users;
    private final ScramAuthenticator authenticator;
    private final Authorization authorization;

    /** @param authorization ALTER on the cluster is needed */
    public AlterUsersHandler(ClusterUsers users, ScramAuthenticator authenticator, Authorization authorization) {
        this.users = users;
        this.authenticator = authenticator;
        this.authorization = authorization;
    }

    @Override
    public void handle(RequestContext request, Frame frame) throws Exception {
        AlterUsersRequest req = Messages.parse(AlterUsersRequest.parser(), frame.message());
        List<String> names = new ArrayList<>();
        List<CompletableFuture<AdminResult>> results = new ArrayList<>();
        String denied = authorization.allowedOnCluster(request, Operation.ALTER) ? null
                : Authorization.denied(request, ResourceType.CLUSTER, ResourcePattern.CLUSTER_NAME, Operation.ALTER);
        for (UserUpsertion u : req.getUpsertionsList()) {
            names.add(u.getName());
            results.add(denied != null ? failed(ErrorCode.AUTHORIZATION_FAILED, denied) : upsert(u));
        }
        for (UserDeletion d : req.getDeletionsList()) {
            names.add(d.getName());
            results.add(denied != null ? failed(ErrorCode.AUTHORIZATION_FAILED, denied) : delete(d));
        }
        AdminResponses.whenAll(results, () -> {
            AlterUsersResponse.Builder b = AlterUsersResponse.newBuilder();
            for (int i = 0; i < results.size(); i++) {
                AdminResult r = results.get(i).join();
                b.addResults(UserResult.newBuilder().setName(names.get(i)).setErrorCode(r.error()).setErrorMessage(r.message()));
            }
            request.respond(b.build());
        });
    }

    private CompletableFuture<AdminResult> upsert(UserUpsertion u) {
        String bad = UserNames.check(u.getName());
        if (bad != null) {
            return failed(ErrorCode.INVALID_REQUEST, bad);
        }
        ScramCredential credential;
        try {
            credential = ScramCredential.decode(u.getCredential().toByteArray());
        } catch (ScramException e) {
            return failed(ErrorCode.INVALID_REQUEST, "the credential of user '" + u.getName() + "' is not valid: " + e.getMessage());
        }
        String mechanism = credential.mechanism().mechanismName();
        if (authenticator.enabled(mechanism) == null) {
            return failed(ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanism + " is not enabled on this broker (sasl.enabled.mechanisms: "
                    + String.join(", ", authenticator.enabledNames()) + ")");
        }
        return users.upsert(u.getName(), new StoredCredential(mechanism, credential.encode()));
    }

    private CompletableFuture<AdminResult> delete(UserDeletion d) {
        String bad = UserNames.check(d.getName());
        if (bad != null) {
            return failed(ErrorCode.INVALID_REQUEST, bad);
        }
        if (!d.getMechanism().isEmpty()) {
            try {
                ScramMechanism.forName(d.getMechanism()); // enabled or not: a credential may outlive its mechanism's enabling
            } catch (ScramException e) {
                return failed(ErrorCode.UNSUPPORTED_SASL_MECHANISM, e.getMessage());
            }
        }
        return users.delete(d.getName(), d.getMechanism());
    }

    private static CompletableFuture<AdminResult> failed(ErrorCode code, String message) {
        return CompletableFuture.completedFuture(AdminResult.error(code, message));
    }
}
