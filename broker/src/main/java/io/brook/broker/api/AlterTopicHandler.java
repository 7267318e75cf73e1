package io.brook.broker.api;

import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.RequestContext;
import io.brook.protocol.TopicNames;
import io.brook.replication.control.acl.Operation;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.AlterTopicRequest;
import io.brook.protocol.message.AlterTopicResponse;

/** AlterTopic: adds partitions and/or changes config overrides of one topic. */
public final class AlterTopicHandler implements ApiHandler {

    private final BrokerContext broker;

    public AlterTopicHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public void handle(RequestContext request, Frame frame) throws Exception {
        AlterTopicRequest req = Messages.parse(AlterTopicRequest.parser(), frame.message());
        TopicAccess.Refusal refused = TopicNames.check(req.getTopic()) == null && broker.topics().get(req.getTopic()) != null
                ? TopicAccess.check(broker, request, req.getTopic(), Operation.ALTER) : null;
        if (refused != null) {
            request.respond(AlterTopicResponse.newBuilder().setErrorCode(refused.code()).setErrorMessage(refused.message()).build());
            return;
        }
        broker.topics().alter(req.getTopic(), req.getPartitions(), req.getSetConfigsMap(), req.getDeleteConfigsList(), req.getValidateOnly())
                .whenComplete((r, t) -> request.respond(AlterTopicResponse.newBuilder()
                        .setErrorCode(r.error()).setErrorMessage(r.message() == null ? "" : r.message()).build()));
    }
}
