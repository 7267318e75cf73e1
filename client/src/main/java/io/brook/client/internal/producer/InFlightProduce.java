package io.brook.client.internal.producer;

import java.util.List;

/**
 * A produce request on its way: its broker and its batches, in payload order. Owned by the sender
 * thread; {@link #abandoned} is set on a forced close, after which a late response is ignored.
 */
final class InFlightProduce {

    final int node;
    final List<ProducerBatch> batches;
    boolean abandoned;

    InFlightProduce(int node, List<ProducerBatch> batches) {
        this.node = node;
        this.batches = batches;
    }
}
