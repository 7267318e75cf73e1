package io.brook.broker.api;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.RequestContext;
import io.brook.protocol.ApiKey;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.ApiVersionRange;
import io.brook.protocol.message.ApiVersionsRequest;
import io.brook.protocol.message.ApiVersionsResponse;

/** ApiVersions: which APIs and versions this broker serves. */
public final class ApiVersionsHandler implements ApiHandler {

    private final BrokerContext broker;

    public ApiVersionsHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public void handle(RequestContext request, Frame frame) throws Exception {
        Messages.parse(ApiVersionsRequest.parser(), frame.message());
        ApiVersionsResponse.Builder b = ApiVersionsResponse.newBuilder()
                .setBrokerId(broker.brokerId())
                .setClusterId(broker.config().getString(BrokerConfig.CLUSTER_ID))
                .setMaxFrameBytes(broker.config().getInt(BrokerConfig.MAX_FRAME_BYTES));
        for (ApiKey k : ApiKey.values()) {
            b.addApis(ApiVersionRange.newBuilder().setApiKey(k.id()).setMinVersion(k.minVersion()).setMaxVersion(k.maxVersion()));
        }
        request.respond(b.build());
    }
}
