package io.brook.broker.api;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.meta.AdminResult;
import io.brook.replication.control.BrokerRegistration;
import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.TopicImage;
import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.RequestContext;
import io.brook.protocol.TopicNames;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.BrokerInfo;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.MetadataRequest;
import io.brook.protocol.message.MetadataResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Metadata: the brokers and, for the topics asked (or all), their partitions' leaders and replicas.
 * Missing topics are created first when the client allows it, the broker has auto.create.topics and
 * the principal may CREATE them. A topic the principal may not DESCRIBE is left out of "all topics"
 * and answered as unknown when named, so that its existence is not revealed.
 */
public final class MetadataHandler implements ApiHandler {

    private final BrokerContext broker;

    public MetadataHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public void handle(RequestContext request, Frame frame) throws Exception {
        MetadataRequest req = Messages.parse(MetadataRequest.parser(), frame.message());
        Set<String> names = new LinkedHashSet<>(req.getTopicsList());
        List<CompletableFuture<AdminResult>> creating = new ArrayList<>();
        if (!req.getAllTopics() && req.getAllowAutoCreate() && broker.config().getBoolean(BrokerConfig.AUTO_CREATE_TOPICS)) {
            for (String name : names) {
                if (broker.topics().get(name) == null && TopicNames.check(name) == null && TopicAccess.mayCreate(broker, request, name)) {
                    creating.add(broker.topics().create(name, 0, 1, java.util.Map.of(), false));
                }
            }
        }
        CompletableFuture.allOf(creating.toArray(new CompletableFuture[0]))
                .whenComplete((v, t) -> request.respond(build(request, req, names)));
    }

    /** The controller quorum's leader; a single-node cluster's controller is the broker itself. */
    private int controllerId() {
        int id = broker.metadata().controllerId();
        if (id < 0 && broker.config().getString(BrokerConfig.CONTROLLER_VOTERS).isBlank()) {
            return broker.brokerId();
        }
        return id;
    }

    private MetadataResponse build(RequestContext request, MetadataRequest req, Set<String> names) {
        MetadataImage image = broker.image();
        MetadataResponse.Builder b = MetadataResponse.newBuilder()
                .setErrorCode(ErrorCode.NONE)
                .setClusterId(broker.config().getString(BrokerConfig.CLUSTER_ID))
                .setControllerId(controllerId());
        long sessionTimeout = broker.config().getLong(BrokerConfig.BROKER_SESSION_TIMEOUT_MS);
        boolean self = false;
        for (BrokerRegistration r : image.brokers().values()) {
            if (r.id() == broker.brokerId() || image.isAlive(r.id(), sessionTimeout)) {
                b.addBrokers(BrokerInfo.newBuilder().setId(r.id()).setHost(r.host()).setPort(r.port()).setRack(r.rack()));
                self |= r.id() == broker.brokerId();
            }
        }
        if (!self) {
            b.addBrokers(BrokerInfo.newBuilder().setId(broker.brokerId()).setHost(broker.host()).setPort(broker.port().getAsInt()));
        }
        if (req.getAllTopics()) {
            for (TopicImage t : broker.topics().all()) {
                if (broker.authorization().mayDescribeTopic(request, t.name())) {
                    b.addTopics(TopicViews.metadata(broker, t));
                }
            }
            return b.build();
        }
        for (String name : names) {
            String bad = TopicNames.check(name);
            TopicImage t = bad == null ? broker.topics().get(name) : null;
            if (bad != null) {
                b.addTopics(TopicViews.unknown(name, ErrorCode.INVALID_TOPIC_NAME, bad));
            } else if (t == null || !broker.authorization().mayDescribeTopic(request, name)) {
                b.addTopics(TopicViews.unknown(name, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic '" + name + "' does not exist"));
            } else {
                b.addTopics(TopicViews.metadata(broker, t));
            }
        }
        return b.build();
    }
}
