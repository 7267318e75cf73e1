package io.brook.broker.api;

import io.brook.broker.meta.AdminResult;
import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.RequestContext;
import io.brook.replication.control.acl.Operation;
import io.brook.protocol.GroupIds;
import io.brook.protocol.TopicNames;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.DeleteTopicsRequest;
import io.brook.protocol.message.DeleteTopicsResponse;
import io.brook.protocol.message.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** DeleteTopics: deletes each topic and its data, answering per topic. */
public final class DeleteTopicsHandler implements ApiHandler {

    private final BrokerContext broker;

    public DeleteTopicsHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public void handle(RequestContext request, Frame frame) throws Exception {
        DeleteTopicsRequest req = Messages.parse(DeleteTopicsRequest.parser(), frame.message());
        List<CompletableFuture<AdminResult>> results = new ArrayList<>();
        for (String name : req.getTopicsList()) {
            String bad = TopicNames.check(name);
            if (bad == null && name.equals(GroupIds.GROUPS_TOPIC)) {
                results.add(CompletableFuture.completedFuture(AdminResult.error(ErrorCode.INVALID_REQUEST, GroupIds.GROUPS_TOPIC
                        + " is internal: it holds every consumer group and committed offset; delete groups with DeleteGroups")));
                continue;
            }
            TopicAccess.Refusal refused = bad == null && broker.topics().get(name) != null
                    ? TopicAccess.check(broker, request, name, Operation.DELETE) : null;
            results.add(bad != null
                    ? CompletableFuture.completedFuture(AdminResult.error(ErrorCode.INVALID_TOPIC_NAME, bad))
                    : refused != null ? CompletableFuture.completedFuture(AdminResult.error(refused.code(), refused.message()))
                    : broker.topics().delete(name));
        }
        AdminResponses.whenAll(results, () -> {
            DeleteTopicsResponse.Builder b = DeleteTopicsResponse.newBuilder().setErrorCode(ErrorCode.NONE);
            for (int i = 0; i < results.size(); i++) {
                b.addResults(AdminResponses.topicResult(req.getTopics(i), results.get(i).join()));
            }
            request.respond(b.build());
        });
    }
}
