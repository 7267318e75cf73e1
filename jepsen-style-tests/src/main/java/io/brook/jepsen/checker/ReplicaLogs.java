package io.brook.jepsen.checker;

import java.util.List;
import java.util.Map;

/**
 * The final contents of every replica of every partition, read from the brokers' segment files after
 * the run: per partition, per broker id, the records (offset and value) up to that replica's end,
 * and the partition's commit end (high watermark) as its leader reported it.
 *
 * @param logs partition → broker id → records in offset order
 * @param commitEnd partition → the leader's commit end (exclusive)
 */
public record ReplicaLogs(Map<Integer, Map<Integer, List<Entry>>> logs, Map<Integer, Long> commitEnd) {

    /** One record of a replica's log. */
    public record Entry(long offset, String value) {}
}
