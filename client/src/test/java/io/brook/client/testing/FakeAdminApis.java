package io.brook.client.testing;

import io.brook.protocol.ApiKey;
import io.brook.protocol.TopicNames;
import io.brook.protocol.message.AlterTopicRequest;
import io.brook.protocol.message.AlterTopicResponse;
import io.brook.protocol.message.ApiVersionRange;
import io.brook.protocol.message.ApiVersionsResponse;
import io.brook.protocol.message.BrokerInfo;
import io.brook.protocol.message.ConfigEntry;
import io.brook.protocol.message.CreateTopicsRequest;
import io.brook.protocol.message.CreateTopicsResponse;
import io.brook.protocol.message.DeleteTopicsRequest;
import io.brook.protocol.message.DeleteTopicsResponse;
import io.brook.protocol.message.DescribeTopicsRequest;
import io.brook.protocol.message.DescribeTopicsResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.MetadataRequest;
import io.brook.protocol.message.MetadataResponse;
import io.brook.protocol.message.PartitionDescription;
import io.brook.protocol.message.PartitionMetadata;
import io.brook.protocol.message.TopicDescription;
import io.brook.protocol.message.TopicMetadata;
import io.brook.protocol.message.TopicResult;
import io.brook.protocol.message.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The fake broker's ApiVersions, Metadata and topic administration. */
final class FakeAdminApis {

    private FakeAdminApis() {}

    static ApiVersionsResponse apiVersions(FakeBroker broker, ErrorCode injected) {
        ApiVersionsResponse.Builder r = ApiVersionsResponse.newBuilder().setBrokerId(broker.id).setClusterId("fake-cluster")
                .setMaxFrameBytes(broker.advertisedMaxFrameBytes);
        for (ApiKey k : ApiKey.values()) {
            int[] range = broker.advertisedVersions.getOrDefault(k, new int[] {k.minVersion(), k.maxVersion()});
            r.addApis(ApiVersionRange.newBuilder().setApiKey(k.id()).setMinVersion(range[0]).setMaxVersion(range[1]));
        }
        if (injected != null) {
            r.setErrorCode(injected);
        }
        return r.build();
    }

    static MetadataResponse metadata(FakeCluster cluster, MetadataRequest request, ErrorCode injected) {
        MetadataResponse.Builder r = MetadataResponse.newBuilder().setClusterId("fake-cluster")
                .setControllerId(cluster.controllerId);
        if (injected != null) {
            return r.setErrorCode(injected).setErrorMessage("fake: injected").build();
        }
        for (FakeBroker b : cluster.brokers) {
            r.addBrokers(BrokerInfo.newBuilder().setId(b.id).setHost("127.0.0.1").setPort(b.port()));
        }
        List<String> names = request.getAllTopics() ? new ArrayList<>(cluster.topics.keySet()) : request.getTopicsList();
        for (String name : names) {
            FakeCluster.FakeTopic t = cluster.topics.get(name);
            if (t == null && request.getAllowAutoCreate() && cluster.autoCreateTopics && TopicNames.check(name) == null) {
                t = cluster.createTopicNow(name, 1, 1);
            }
            TopicMetadata.Builder tm = TopicMetadata.newBuilder().setName(name);
            if (t == null) {
                boolean invalid = TopicNames.check(name) != null;
                r.addTopics(tm.setErrorCode(invalid ? ErrorCode.INVALID_TOPIC_NAME : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION)
                        .setErrorMessage(invalid ? TopicNames.check(name) : "fake: no such topic"));
                continue;
            }
            tm.setTopicId(t.id);
            for (int p = 0; p < t.partitions.size(); p++) {
                tm.addPartitions(partitionMetadata(p, t.partitions.get(p)));
            }
            r.addTopics(tm);
        }
        return r.build();
    }

    private static PartitionMetadata partitionMetadata(int partition, FakePartition part) {
        PartitionMetadata.Builder pm = PartitionMetadata.newBuilder().setPartition(partition).setLeaderId(part.leader)
                .setLeaderTerm(1);
        if (part.leader < 0) {
            pm.setErrorCode(ErrorCode.LEADER_NOT_AVAILABLE);
        } else {
            pm.addReplicas(part.leader).addInSyncReplicas(part.leader);
        }
        return pm.build();
    }

    static CreateTopicsResponse createTopics(FakeCluster cluster, CreateTopicsRequest request, ErrorCode injected) {
        CreateTopicsResponse.Builder r = CreateTopicsResponse.newBuilder();
        if (injected != null) {
            return r.setErrorCode(injected).setErrorMessage("fake: injected").build();
        }
        for (TopicSpec spec : request.getTopicsList()) {
            ErrorCode code = ErrorCode.NONE;
            String message = "";
            if (TopicNames.check(spec.getName()) != null) {
                code = ErrorCode.INVALID_TOPIC_NAME;
                message = TopicNames.check(spec.getName());
            } else if (cluster.topics.containsKey(spec.getName())) {
                code = ErrorCode.TOPIC_ALREADY_EXISTS;
            } else if (spec.getPartitions() < 1) {
                code = ErrorCode.INVALID_PARTITION_COUNT;
            } else if (spec.getReplicationFactor() < 1 || spec.getReplicationFactor() > cluster.brokers.size()) {
                code = ErrorCode.INVALID_REPLICATION_FACTOR;
                message = "fake: " + cluster.brokers.size() + " broker(s)";
            } else {
                String bad = unknownConfig(spec.getConfigsMap().keySet());
                if (bad != null) {
                    code = ErrorCode.INVALID_CONFIG;
                    message = "fake: unknown config " + bad;
                } else if (!request.getValidateOnly()) {
                    cluster.createTopicNow(spec.getName(), spec.getPartitions(), spec.getReplicationFactor())
                            .overrides.putAll(spec.getConfigsMap());
                }
            }
            r.addResults(TopicResult.newBuilder().setName(spec.getName()).setErrorCode(code).setErrorMessage(message));
        }
        return r.build();
    }

    private static String unknownConfig(Iterable<String> names) {
        for (String n : names) {
            if (!FakeCluster.DEFAULT_CONFIGS.containsKey(n)) {
                return n;
            }
        }
        return null;
    }

    static DeleteTopicsResponse deleteTopics(FakeCluster cluster, DeleteTopicsRequest request, ErrorCode injected) {
        DeleteTopicsResponse.Builder r = DeleteTopicsResponse.newBuilder();
        if (injected != null) {
            return r.setErrorCode(injected).setErrorMessage("fake: injected").build();
        }
        for (String name : request.getTopicsList()) {
            boolean existed = cluster.topics.remove(name) != null;
            r.addResults(TopicResult.newBuilder().setName(name)
                    .setErrorCode(existed ? ErrorCode.NONE : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
        }
        return r.build();
    }

    static DescribeTopicsResponse describeTopics(FakeCluster cluster, DescribeTopicsRequest request, ErrorCode injected) {
        DescribeTopicsResponse.Builder r = DescribeTopicsResponse.newBuilder();
        if (injected != null) {
            return r.setErrorCode(injected).setErrorMessage("fake: injected").build();
        }
        List<String> names = request.getTopicsCount() == 0 ? new ArrayList<>(cluster.topics.keySet()) : request.getTopicsList();
        for (String name : names) {
            FakeCluster.FakeTopic t = cluster.topics.get(name);
            TopicDescription.Builder d = TopicDescription.newBuilder().setName(name);
            if (t == null) {
                r.addTopics(d.setErrorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION).setErrorMessage("fake: no such topic"));
                continue;
            }
            d.setTopicId(t.id).setReplicationFactor(t.replicationFactor);
            Map<String, String> effective = new TreeMap<>(FakeCluster.DEFAULT_CONFIGS);
            effective.putAll(t.overrides);
            effective.forEach((k, v) -> d.addConfigs(ConfigEntry.newBuilder().setName(k).setValue(v)
                    .setIsDefault(!t.overrides.containsKey(k))));
            for (int p = 0; p < t.partitions.size(); p++) {
                FakePartition part = t.partitions.get(p);
                PartitionDescription.Builder pd = PartitionDescription.newBuilder().setMetadata(partitionMetadata(p, part));
                if (request.getIncludeOffsets()) {
                    pd.setLogStartOffset(part.logStart).setLogEndOffset(part.logEnd).setHighWatermark(part.highWatermark())
                            .setSizeBytes(part.sizeBytes()).setSegmentCount(1);
                }
                d.addPartitions(pd);
            }
            r.addTopics(d);
        }
        return r.build();
    }

    static AlterTopicResponse alterTopic(FakeCluster cluster, AlterTopicRequest request, ErrorCode injected) {
        AlterTopicResponse.Builder r = AlterTopicResponse.newBuilder();
        if (injected != null) {
            return r.setErrorCode(injected).setErrorMessage("fake: injected").build();
        }
        FakeCluster.FakeTopic t = cluster.topics.get(request.getTopic());
        if (t == null) {
            return r.setErrorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION).setErrorMessage("fake: no such topic").build();
        }
        if (request.getPartitions() != 0 && request.getPartitions() < t.partitions.size()) {
            return r.setErrorCode(ErrorCode.INVALID_PARTITION_COUNT)
                    .setErrorMessage("fake: cannot shrink from " + t.partitions.size()).build();
        }
        String bad = unknownConfig(request.getSetConfigsMap().keySet());
        if (bad == null) {
            bad = unknownConfig(request.getDeleteConfigsList());
        }
        if (bad != null) {
            return r.setErrorCode(ErrorCode.INVALID_CONFIG).setErrorMessage("fake: unknown config " + bad).build();
        }
        if (!request.getValidateOnly()) {
            while (t.partitions.size() < request.getPartitions()) {
                t.partitions.add(new FakePartition(0));
            }
            t.overrides.putAll(request.getSetConfigsMap());
            request.getDeleteConfigsList().forEach(t.overrides::remove);
        }
        return r.build();
    }
}
