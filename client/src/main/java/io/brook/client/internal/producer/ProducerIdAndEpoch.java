package io.brook.client.internal.producer;

/** A producer id and epoch handed out by InitProducerId, stamped into every idempotent batch. Immutable. */
record ProducerIdAndEpoch(long id, short epoch) {

    @Override
    public String toString() {
        return id + " (epoch " + epoch + ")";
    }
}
