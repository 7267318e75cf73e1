package io.brook.broker.api;

import io.brook.broker.network.RequestContext;
import io.brook.protocol.message.ErrorCode;
import io.brook.replication.control.acl.Operation;
import io.brook.replication.control.acl.ResourceType;

/**
 * The authorization rules of topic requests. A principal that may not perform the operation gets
 * AUTHORIZATION_FAILED naming the topic, unless it may not even DESCRIBE the topic: then the answer is
 * UNKNOWN_TOPIC_OR_PARTITION, exactly as for a topic that does not exist. Creating needs CREATE on the
 * topic or on the cluster.
 */
final class TopicAccess {

    private TopicAccess() {
    }

    /** An error and message for the entry of {@code topic}, or null when {@code op} is allowed. */
    static Refusal check(BrokerContext broker, RequestContext request, String topic, Operation op) {
        Authorization a = broker.authorization();
        if (a.allowed(request, ResourceType.TOPIC, topic, op)) {
            return null;
        }
        if (!a.mayDescribeTopic(request, topic)) {
            return new Refusal(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic '" + topic + "' does not exist");
        }
        return new Refusal(ErrorCode.AUTHORIZATION_FAILED, Authorization.denied(request, ResourceType.TOPIC, topic, op));
    }

    static boolean mayCreate(BrokerContext broker, RequestContext request, String topic) {
        Authorization a = broker.authorization();
        return a.allowed(request, ResourceType.TOPIC, topic, Operation.CREATE) || a.allowedOnCluster(request, Operation.CREATE);
    }

    record Refusal(ErrorCode code, String message) {
    }
}
