package io.brook.broker.api;

import io.brook.broker.meta.AdminResult;
import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.RequestContext;
import io.brook.replication.control.acl.Operation;
import io.brook.replication.control.acl.ResourceType;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.CreateTopicsRequest;
import io.brook.protocol.message.CreateTopicsResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.TopicResult;
import io.brook.protocol.message.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** CreateTopics: validates and creates each topic, answering per topic. */
public final class CreateTopicsHandler implements ApiHandler {

    private final BrokerContext broker;

    public CreateTopicsHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public void handle(RequestContext request, Frame frame) throws Exception {
        CreateTopicsRequest req = Messages.parse(CreateTopicsRequest.parser(), frame.message());
        List<CompletableFuture<AdminResult>> results = new ArrayList<>();
        for (TopicSpec spec : req.getTopicsList()) {
            if (!TopicAccess.mayCreate(broker, request, spec.getName())) {
                results.add(CompletableFuture.completedFuture(AdminResult.error(ErrorCode.AUTHORIZATION_FAILED, Authorization.denied(request,
                        ResourceType.TOPIC, spec.getName(), Operation.CREATE))));
                continue;
            }
            results.add(broker.topics().create(spec.getName(), spec.getPartitions(), spec.getReplicationFactor(),
                    spec.getConfigsMap(), req.getValidateOnly()));
        }
        AdminResponses.whenAll(results, () -> {
            CreateTopicsResponse.Builder b = CreateTopicsResponse.newBuilder().setErrorCode(ErrorCode.NONE);
            for (int i = 0; i < results.size(); i++) {
                b.addResults(AdminResponses.topicResult(req.getTopics(i).getName(), results.get(i).join()));
            }
            request.respond(b.build());
        });
    }
}
