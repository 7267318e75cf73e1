package io.brook.client.testing;

import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.InitProducerIdRequest;
import io.brook.protocol.message.InitProducerIdResponse;
import io.brook.protocol.message.ListOffsetsPartition;
import io.brook.protocol.message.ListOffsetsPartitionResult;
import io.brook.protocol.message.ListOffsetsRequest;
import io.brook.protocol.message.ListOffsetsResponse;
import io.brook.protocol.message.ListOffsetsTopic;
import io.brook.protocol.message.ListOffsetsTopicResult;
import io.brook.protocol.message.ProducePartition;
import io.brook.protocol.message.ProducePartitionResult;
import io.brook.protocol.message.ProduceRequest;
import io.brook.protocol.message.ProduceResponse;
import io.brook.protocol.message.ProduceTopic;
import io.brook.protocol.message.ProduceTopicResult;
import io.brook.protocol.record.BatchError;
import io.brook.protocol.record.RecordBatch;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The fake broker's Produce (with idempotent producers' sequence checks), InitProducerId and ListOffsets. */
final class FakeDataApis {

    private FakeDataApis() {}

    /** Checks that {@code broker} leads the partition; returns the error, or NONE. */
    static ErrorCode leadership(FakeBroker broker, String topic, int partition) {
        FakeCluster.FakeTopic t = broker.cluster.topics.get(topic);
        if (t == null || partition < 0 || partition >= t.partitions.size()) {
            return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        }
        int leader = t.partitions.get(partition).leader;
        if (leader < 0) {
            return ErrorCode.LEADER_NOT_AVAILABLE;
        }
        return leader == broker.id ? ErrorCode.NONE : ErrorCode.NOT_LEADER;
    }

    static int leaderOf(FakeBroker broker, String topic, int partition) {
        FakeCluster.FakeTopic t = broker.cluster.topics.get(topic);
        return t == null || partition >= t.partitions.size() ? -1 : t.partitions.get(partition).leader;
    }

    static ProduceResponse produce(FakeBroker broker, ProduceRequest request, ByteBuf payload, ErrorCode injected) {
        ProduceResponse.Builder response = ProduceResponse.newBuilder();
        int at = payload.readerIndex();
        for (ProduceTopic topic : request.getTopicsList()) {
            ProduceTopicResult.Builder tr = ProduceTopicResult.newBuilder().setName(topic.getName());
            for (ProducePartition p : topic.getPartitionsList()) {
                int size = p.getRecordsSize();
                ByteBuffer bytes = ByteBuffer.allocate(size);
                payload.getBytes(at, bytes);
                bytes.flip();
                at += size;
                tr.addPartitions(append(broker, topic.getName(), p.getPartition(), bytes, injected));
            }
            response.addTopics(tr);
        }
        return response.build();
    }

    private static ProducePartitionResult append(FakeBroker broker, String topic, int partition, ByteBuffer bytes,
                                                 ErrorCode injected) {
        ProducePartitionResult.Builder r = ProducePartitionResult.newBuilder().setPartition(partition).setBaseOffset(-1)
                .setLeaderHint(leaderOf(broker, topic, partition));
        ErrorCode error = injected != null ? injected : leadership(broker, topic, partition);
        if (error != ErrorCode.NONE) {
            if (injected != null) {
                recordInjected(broker, topic, partition, bytes, injected);
            }
            return r.setErrorCode(error).setErrorMessage("fake: " + error).build();
        }
        FakeCluster.FakeTopic t = broker.cluster.topics.get(topic);
        int maxBatch = Integer.parseInt(t.overrides.getOrDefault("max.batch.bytes",
                FakeCluster.DEFAULT_CONFIGS.get("max.batch.bytes")));
        List<ByteBuffer> batches = new ArrayList<>();
        int pos = 0;
        while (pos < bytes.limit()) {
            BatchError e = RecordBatch.validate(bytes, pos, bytes.limit(), maxBatch, true);
            if (e != BatchError.NONE) {
                ErrorCode code = e == BatchError.TOO_LARGE ? ErrorCode.RECORD_BATCH_TOO_LARGE : ErrorCode.CORRUPT_RECORD_BATCH;
                return r.setErrorCode(code).setErrorMessage("fake: " + e.description()).build();
            }
            int size = RecordBatch.of(bytes.duplicate().position(pos)).sizeInBytes();
            ByteBuffer copy = ByteBuffer.allocate(size);
            copy.put(bytes.duplicate().position(pos).limit(pos + size)).flip();
            batches.add(copy);
            pos += size;
        }
        if (batches.isEmpty()) {
            return r.setErrorCode(ErrorCode.INVALID_REQUEST).setErrorMessage("fake: no batch").build();
        }
        FakePartition part = t.partitions.get(partition);
        RecordBatch first = RecordBatch.of(batches.get(0));
        if (first.producerId() >= 0) {
            if (batches.size() > 1) {
                return r.setErrorCode(ErrorCode.INVALID_REQUEST)
                        .setErrorMessage("fake: an idempotent batch must be alone in its partition entry").build();
            }
            return appendIdempotent(part, batches.get(0), r);
        }
        long base = -1;
        for (ByteBuffer b : batches) {
            long offset = part.append(b);
            if (base < 0) {
                base = offset;
            }
        }
        return r.setBaseOffset(base).setAppendTimeMs(System.currentTimeMillis()).setLogStartOffset(part.logStart)
                .setLeaderHint(-1).build();
    }

    /** Notes an idempotent batch that an injected error kept from being processed. */
    private static void recordInjected(FakeBroker broker, String topic, int partition, ByteBuffer bytes, ErrorCode injected) {
        FakeCluster.FakeTopic t = broker.cluster.topics.get(topic);
        if (t == null || partition < 0 || partition >= t.partitions.size() || bytes.remaining() < RecordBatch.HEADER_SIZE) {
            return;
        }
        RecordBatch b = RecordBatch.of(bytes);
        if (b.producerId() >= 0) {
            t.partitions.get(partition).attempts.add(new ProducerAttempt(b.producerId(), b.producerEpoch(), b.baseSequence(),
                    b.recordCount(), injected.name()));
        }
    }

    private static ProducePartitionResult appendIdempotent(FakePartition part, ByteBuffer batch,
                                                           ProducePartitionResult.Builder r) {
        RecordBatch b = RecordBatch.of(batch);
        int firstSequence = b.baseSequence();
        int lastSequence = (int) (((long) firstSequence + b.recordCount() - 1) % (1L + Integer.MAX_VALUE));
        FakeProducerState state = part.producers.get(b.producerId());
        boolean fresh = state == null;
        if (fresh) {
            state = new FakeProducerState(b.producerEpoch());
        }
        FakeProducerState.Check check = state.check(b.producerEpoch(), firstSequence, lastSequence, fresh);
        String outcome;
        if (check.code() != ErrorCode.NONE) {
            outcome = check.code().name();
            r.setErrorCode(check.code()).setErrorMessage("fake: " + outcome);
        } else if (check.duplicateOf() >= 0) {
            outcome = "duplicate";
            r.setBaseOffset(check.duplicateOf()).setDuplicate(true).setLeaderHint(-1);
        } else {
            outcome = "appended";
            long base = part.append(batch);
            part.producers.put(b.producerId(), state);
            state.written(b.producerEpoch(), firstSequence, lastSequence, base);
            r.setBaseOffset(base).setLeaderHint(-1);
        }
        part.attempts.add(new ProducerAttempt(b.producerId(), b.producerEpoch(), firstSequence, b.recordCount(), outcome));
        return r.setAppendTimeMs(System.currentTimeMillis()).setLogStartOffset(part.logStart).build();
    }

    static InitProducerIdResponse initProducerId(FakeCluster cluster, InitProducerIdRequest request, ErrorCode injected) {
        InitProducerIdResponse.Builder r = InitProducerIdResponse.newBuilder().setProducerId(-1).setProducerEpoch(-1);
        if (injected != null) {
            return r.setErrorCode(injected).setErrorMessage("fake: injected").build();
        }
        if (!request.getTransactionalId().isEmpty() || request.getProducerId() != -1 || request.getProducerEpoch() != -1) {
            return r.setErrorCode(ErrorCode.INVALID_REQUEST).setErrorMessage("fake: only new producers are served").build();
        }
        return r.setProducerId(cluster.nextProducerId++).setProducerEpoch(0).build();
    }

    static ListOffsetsResponse listOffsets(FakeBroker broker, ListOffsetsRequest request, ErrorCode injected) {
        ListOffsetsResponse.Builder response = ListOffsetsResponse.newBuilder();
        for (ListOffsetsTopic topic : request.getTopicsList()) {
            ListOffsetsTopicResult.Builder tr = ListOffsetsTopicResult.newBuilder().setName(topic.getName());
            for (ListOffsetsPartition p : topic.getPartitionsList()) {
                ListOffsetsPartitionResult.Builder r = ListOffsetsPartitionResult.newBuilder().setPartition(p.getPartition())
                        .setOffset(-1).setTimestamp(-1);
                ErrorCode error = injected != null ? injected : leadership(broker, topic.getName(), p.getPartition());
                if (error != ErrorCode.NONE) {
                    tr.addPartitions(r.setErrorCode(error).setLeaderHint(leaderOf(broker, topic.getName(), p.getPartition())));
                    continue;
                }
                FakePartition part = broker.cluster.topics.get(topic.getName()).partitions.get(p.getPartition());
                if (p.getTimestamp() == -3) {
                    long[] end = part.endOfTerm(p.getTerm());
                    r.setTerm((int) end[0]).setOffset(end[1])
                            .setLastTerm(part.termStarts.isEmpty() ? 0 : part.termStarts.lastKey());
                } else if (p.getTimestamp() == -2) {
                    r.setOffset(part.logStart);
                } else if (p.getTimestamp() == -1) {
                    r.setOffset(part.highWatermark());
                } else {
                    long[] found = part.offsetForTime(p.getTimestamp());
                    if (found != null) {
                        r.setOffset(found[0]).setTimestamp(found[1]);
                    }
                }
                tr.addPartitions(r);
            }
            response.addTopics(tr);
        }
        return response.build();
    }
}
