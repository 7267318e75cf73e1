package io.brook.client.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.brook.protocol.ApiKey;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.FrameError;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.frame.OutboundFrame;
import io.brook.protocol.message.AlterTopicRequest;
import io.brook.protocol.message.CreateTopicsRequest;
import io.brook.protocol.message.DeleteGroupsRequest;
import io.brook.protocol.message.DeleteTopicsRequest;
import io.brook.protocol.message.DescribeGroupsRequest;
import io.brook.protocol.message.DescribeTopicsRequest;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ErrorResponse;
import io.brook.protocol.message.FetchRequest;
import io.brook.protocol.message.FindCoordinatorRequest;
import io.brook.protocol.message.GroupHeartbeatRequest;
import io.brook.protocol.message.InitProducerIdRequest;
import io.brook.protocol.message.ListOffsetsRequest;
import io.brook.protocol.message.MetadataRequest;
import io.brook.protocol.message.OffsetCommitRequest;
import io.brook.protocol.message.OffsetFetchRequest;
import io.brook.protocol.message.ProduceRequest;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Dispatches one connection's requests to the fake APIs, after applying any queued fault. Runs on
 * the fake cluster's event loop, which owns all state.
 */
final class FakeRequestHandler extends ChannelInboundHandlerAdapter {

    private final FakeBroker broker;

    FakeRequestHandler(FakeBroker broker) {
        this.broker = broker;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FrameError e) {
            if (e.correlationId() >= 0) {
                ErrorCode code = e.kind() == FrameError.Kind.TOO_LARGE ? ErrorCode.FRAME_TOO_LARGE : ErrorCode.MALFORMED_REQUEST;
                frameError(ctx, e.apiKey(), e.apiVersion(), e.correlationId(), code, e.detail());
            }
            if (e.fatal()) {
                ctx.close();
            }
            return;
        }
        if (!(msg instanceof Frame f)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            handle(ctx, f);
        } catch (InvalidProtocolBufferException e) {
            frameError(ctx, f.apiKey(), f.apiVersion(), f.correlationId(), ErrorCode.MALFORMED_REQUEST, e.getMessage());
        } finally {
            f.release();
        }
    }

    private void handle(ChannelHandlerContext ctx, Frame f) throws InvalidProtocolBufferException {
        ApiKey api = ApiKey.forId(f.apiKey());
        if (api == null) {
            frameError(ctx, f.apiKey(), f.apiVersion(), f.correlationId(), ErrorCode.UNSUPPORTED_API, "unknown api " + f.apiKey());
            return;
        }
        if (!api.supports(f.apiVersion())) {
            frameError(ctx, f.apiKey(), f.apiVersion(), f.correlationId(), ErrorCode.UNSUPPORTED_VERSION,
                    api + " v" + f.apiVersion());
            return;
        }
        broker.countRequest(api);
        Fault fault = broker.takeFault(api);
        ErrorCode injected = null;
        boolean closeAfter = false;
        boolean silent = false;
        if (fault != null) {
            switch (fault.kind()) {
                case SWALLOW -> {
                    return;
                }
                case DISCONNECT -> {
                    ctx.close();
                    return;
                }
                case FRAME_ERROR -> {
                    frameError(ctx, f.apiKey(), f.apiVersion(), f.correlationId(), fault.code(), "injected");
                    return;
                }
                case DISCONNECT_AFTER -> closeAfter = true;
                case LOSE_ANSWER -> silent = true;
                case ERROR -> injected = fault.code();
            }
        }
        dispatch(ctx, f, api, injected, closeAfter || silent);
        if (closeAfter) {
            ctx.close();
        }
    }

    private void dispatch(ChannelHandlerContext ctx, Frame f, ApiKey api, ErrorCode injected, boolean silent)
            throws InvalidProtocolBufferException {
        FakeCluster cluster = broker.cluster;
        Reply reply = new Reply(broker, api, ctx, f.apiVersion(), f.correlationId(), silent);
        switch (api) {
            case API_VERSIONS -> reply.send(FakeAdminApis.apiVersions(broker, injected));
            case METADATA -> reply.send(FakeAdminApis.metadata(cluster, Messages.parse(MetadataRequest.parser(), f.message()),
                    injected));
            case CREATE_TOPICS -> reply.send(FakeAdminApis.createTopics(cluster,
                    Messages.parse(CreateTopicsRequest.parser(), f.message()), injected));
            case DELETE_TOPICS -> reply.send(FakeAdminApis.deleteTopics(cluster,
                    Messages.parse(DeleteTopicsRequest.parser(), f.message()), injected));
            case DESCRIBE_TOPICS -> reply.send(FakeAdminApis.describeTopics(cluster,
                    Messages.parse(DescribeTopicsRequest.parser(), f.message()), injected));
            case ALTER_TOPIC -> reply.send(FakeAdminApis.alterTopic(cluster,
                    Messages.parse(AlterTopicRequest.parser(), f.message()), injected));
            case PRODUCE -> {
                ProduceRequest request = Messages.parse(ProduceRequest.parser(), f.message());
                MessageLite response = FakeDataApis.produce(broker, request, f.payload(), injected);
                if (request.getAcks() != 0) {
                    reply.send(response);
                }
                cluster.fetches.recheck();
            }
            case INIT_PRODUCER_ID -> reply.send(FakeDataApis.initProducerId(cluster,
                    Messages.parse(InitProducerIdRequest.parser(), f.message()), injected));
            case LIST_OFFSETS -> reply.send(FakeDataApis.listOffsets(broker,
                    Messages.parse(ListOffsetsRequest.parser(), f.message()), injected));
            case FIND_COORDINATOR -> reply.send(cluster.groups.findCoordinator(
                    Messages.parse(FindCoordinatorRequest.parser(), f.message()), injected));
            case LIST_GROUPS -> reply.send(cluster.groups.listGroups(broker, injected));
            case DESCRIBE_GROUPS -> reply.send(cluster.groups.describeGroups(broker,
                    Messages.parse(DescribeGroupsRequest.parser(), f.message()), injected));
            case DELETE_GROUPS -> reply.send(cluster.groups.deleteGroups(broker,
                    Messages.parse(DeleteGroupsRequest.parser(), f.message()), injected));
            case OFFSET_FETCH -> reply.send(cluster.groups.offsetFetch(broker,
                    Messages.parse(OffsetFetchRequest.parser(), f.message()), injected));
            case OFFSET_COMMIT -> reply.send(cluster.groups.offsetCommit(broker,
                    Messages.parse(OffsetCommitRequest.parser(), f.message()), injected));
            case FETCH -> cluster.fetches.handle(reply, broker, Messages.parse(FetchRequest.parser(), f.message()), injected);
            case GROUP_HEARTBEAT -> reply.send(cluster.groups.heartbeat(broker,
                    Messages.parse(GroupHeartbeatRequest.parser(), f.message()), injected));
            default -> frameError(ctx, f.apiKey(), f.apiVersion(), f.correlationId(), ErrorCode.UNSUPPORTED_API,
                    "fake: " + api + " is not implemented");
        }
    }

    private static void frameError(ChannelHandlerContext ctx, short api, short version, int correlationId, ErrorCode code,
                                   String message) {
        ctx.writeAndFlush(OutboundFrame.response(api, version, correlationId, (short) code.getNumber(),
                ErrorResponse.newBuilder().setErrorCode(code).setErrorMessage(message).build(), List.of()));
    }

    /**
     * Where a response goes; held back while the broker holds responses of its API, never sent when
     * {@code silent}.
     */
    record Reply(FakeBroker broker, ApiKey api, ChannelHandlerContext ctx, short version, int correlationId,
                 boolean silent) {
        void send(MessageLite message) {
            send(message, List.of());
        }

        void send(MessageLite message, List<Object> payload) {
            Runnable write = () -> ctx.writeAndFlush(OutboundFrame.response(api.id(), version, correlationId, (short) 0,
                    message, payload));
            if (silent) {
                payload.forEach(ReferenceCountUtil::release);
            } else if (broker.heldApis.contains(api)) {
                broker.heldReplies.add(new FakeBroker.HeldReply(write, payload));
            } else {
                write.run();
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
