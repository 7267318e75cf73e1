package io.brook.client.internal.producer;

import io.brook.protocol.message.ProducePartition;
import io.brook.protocol.message.ProduceRequest;
import io.brook.protocol.message.ProduceTopic;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a Produce request from built batches: partition entries grouped by topic, and the batch
 * bytes in the payload in exactly the order of the entries (wrapped, not copied). Stateless.
 */
final class ProduceRequests {

    private ProduceRequests() {}

    /** A request ready to send: the message, its payload, and the batches in payload order. */
    record Built(ProduceRequest message, List<Object> payload, List<ProducerBatch> batches) {
    }

    static Built build(int acks, int timeoutMs, List<ProducerBatch> batches) {
        Map<String, List<ProducerBatch>> byTopic = new LinkedHashMap<>();
        for (ProducerBatch b : batches) {
            byTopic.computeIfAbsent(b.tp.topic(), t -> new ArrayList<>()).add(b);
        }
        ProduceRequest.Builder request = ProduceRequest.newBuilder().setAcks(acks).setTimeoutMs(timeoutMs);
        List<Object> payload = new ArrayList<>(batches.size());
        List<ProducerBatch> ordered = new ArrayList<>(batches.size());
        for (Map.Entry<String, List<ProducerBatch>> e : byTopic.entrySet()) {
            ProduceTopic.Builder topic = ProduceTopic.newBuilder().setName(e.getKey());
            for (ProducerBatch b : e.getValue()) {
                topic.addPartitions(ProducePartition.newBuilder()
                        .setPartition(b.tp.partition())
                        .setRecordsSize(b.sizeInBytes()));
                payload.add(Unpooled.wrappedBuffer(b.bytes()));
                ordered.add(b);
            }
            request.addTopics(topic);
        }
        return new Built(request.build(), payload, ordered);
    }
}
