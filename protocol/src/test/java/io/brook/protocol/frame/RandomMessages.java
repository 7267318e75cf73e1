package io.brook.protocol.frame;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.brook.protocol.message.AlterTopicRequest;
import io.brook.protocol.message.AlterTopicResponse;
import io.brook.protocol.message.ApiVersionRange;
import io.brook.protocol.message.ApiVersionsRequest;
import io.brook.protocol.message.ApiVersionsResponse;
import io.brook.protocol.message.BrokerInfo;
import io.brook.protocol.message.CreateTopicsRequest;
import io.brook.protocol.message.CreateTopicsResponse;
import io.brook.protocol.message.DeleteTopicsRequest;
import io.brook.protocol.message.DeleteTopicsResponse;
import io.brook.protocol.message.DescribeTopicsRequest;
import io.brook.protocol.message.DescribeTopicsResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ErrorResponse;
import io.brook.protocol.message.FetchPartitionResult;
import io.brook.protocol.message.FetchRequest;
import io.brook.protocol.message.FetchResponse;
import io.brook.protocol.message.FetchTopicResult;
import io.brook.protocol.message.ListOffsetsRequest;
import io.brook.protocol.message.ListOffsetsResponse;
import io.brook.protocol.message.MetadataRequest;
import io.brook.protocol.message.MetadataResponse;
import io.brook.protocol.message.PartitionMetadata;
import io.brook.protocol.message.ProducePartition;
import io.brook.protocol.message.ProduceRequest;
import io.brook.protocol.message.ProduceResponse;
import io.brook.protocol.message.ProduceTopic;
import io.brook.protocol.message.TopicMetadata;
import io.brook.protocol.message.TopicSpec;
import java.util.List;
import java.util.Random;

/** Random protobuf messages of Brook's APIs, and a parser for every request and response message. */
final class RandomMessages {

    /** Parsers of every message that can be the message of a frame. */
    static final List<Parser<? extends MessageLite>> PARSERS = List.of(
            ApiVersionsRequest.parser(), ApiVersionsResponse.parser(),
            MetadataRequest.parser(), MetadataResponse.parser(),
            ProduceRequest.parser(), ProduceResponse.parser(),
            FetchRequest.parser(), FetchResponse.parser(),
            ListOffsetsRequest.parser(), ListOffsetsResponse.parser(),
            CreateTopicsRequest.parser(), CreateTopicsResponse.parser(),
            DeleteTopicsRequest.parser(), DeleteTopicsResponse.parser(),
            DescribeTopicsRequest.parser(), DescribeTopicsResponse.parser(),
            AlterTopicRequest.parser(), AlterTopicResponse.parser(),
            ErrorResponse.parser());

    private RandomMessages() {}

    static Parser<? extends MessageLite> parser(Random rnd) {
        return PARSERS.get(rnd.nextInt(PARSERS.size()));
    }

    static MessageLite message(Random rnd) {
        switch (rnd.nextInt(7)) {
            case 0: {
                ProduceRequest.Builder b = ProduceRequest.newBuilder().setAcks(rnd.nextInt(3) - 1).setTimeoutMs(rnd.nextInt());
                for (int t = rnd.nextInt(3); t > 0; t--) {
                    ProduceTopic.Builder topic = ProduceTopic.newBuilder().setName(name(rnd));
                    for (int p = rnd.nextInt(4); p > 0; p--) {
                        topic.addPartitions(ProducePartition.newBuilder().setPartition(rnd.nextInt(64)).setRecordsSize(rnd.nextInt(1000)));
                    }
                    b.addTopics(topic);
                }
                return b.build();
            }
            case 1: {
                FetchResponse.Builder b = FetchResponse.newBuilder();
                for (int t = rnd.nextInt(3); t > 0; t--) {
                    FetchTopicResult.Builder topic = FetchTopicResult.newBuilder().setName(name(rnd));
                    for (int p = rnd.nextInt(4); p > 0; p--) {
                        topic.addPartitions(FetchPartitionResult.newBuilder().setPartition(rnd.nextInt(64))
                                .setErrorCode(errorCode(rnd)).setHighWatermark(rnd.nextLong()).setRecordsSize(rnd.nextInt(1000)));
                    }
                    b.addTopics(topic);
                }
                return b.build();
            }
            case 2: {
                MetadataResponse.Builder b = MetadataResponse.newBuilder().setControllerId(rnd.nextInt(5) - 1).setClusterId(name(rnd));
                for (int i = rnd.nextInt(4); i > 0; i--) {
                    b.addBrokers(BrokerInfo.newBuilder().setId(i).setHost("host-" + i).setPort(9092 + i));
                }
                for (int t = rnd.nextInt(3); t > 0; t--) {
                    b.addTopics(TopicMetadata.newBuilder().setName(name(rnd))
                            .addPartitions(PartitionMetadata.newBuilder().setLeaderId(rnd.nextInt(3)).addReplicas(1).addReplicas(2)));
                }
                return b.build();
            }
            case 3: {
                CreateTopicsRequest.Builder b = CreateTopicsRequest.newBuilder().setValidateOnly(rnd.nextBoolean());
                for (int t = rnd.nextInt(3); t > 0; t--) {
                    b.addTopics(TopicSpec.newBuilder().setName(name(rnd)).setPartitions(rnd.nextInt(100))
                            .setReplicationFactor(rnd.nextInt(4)).putConfigs("retention.ms", String.valueOf(rnd.nextInt())));
                }
                return b.build();
            }
            case 4: {
                ApiVersionsResponse.Builder b = ApiVersionsResponse.newBuilder().setBrokerId(rnd.nextInt(10)).setMaxFrameBytes(rnd.nextInt());
                for (int i = rnd.nextInt(9); i > 0; i--) {
                    b.addApis(ApiVersionRange.newBuilder().setApiKey(i).setMinVersion(0).setMaxVersion(rnd.nextInt(3)));
                }
                return b.build();
            }
            case 5:
                return ErrorResponse.newBuilder().setErrorCode(errorCode(rnd)).setErrorMessage(name(rnd)).build();
            default:
                return AlterTopicRequest.newBuilder().setTopic(name(rnd)).setPartitions(rnd.nextInt(10))
                        .putSetConfigs("segment.bytes", "1048576").addDeleteConfigs("retention.bytes").build();
        }
    }

    private static ErrorCode errorCode(Random rnd) {
        return ErrorCode.forNumber(rnd.nextInt(25));
    }

    private static String name(Random rnd) {
        return "topic-" + Integer.toString(rnd.nextInt(1 << 20), 36);
    }
}
