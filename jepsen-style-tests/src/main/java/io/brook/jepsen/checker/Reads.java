package io.brook.jepsen.checker;

import io.brook.jepsen.history.Op;
import java.util.List;

/**
 * The reads of a history: the records of every ok poll and ok final read. Records of a poll that did
 * not complete ok are not reads (a fail or info poll carries none in a well-formed history).
 */
final class Reads {

    /** Receives one read record with the op that returned it. */
    @FunctionalInterface
    interface Visitor {
        void read(Op op, Op.Read record);
    }

    private Reads() {}

    static void forEach(List<Op> history, Visitor visitor) {
        for (Op op : history) {
            if (op.isOkRead()) {
                for (Op.Read record : op.records()) {
                    visitor.read(op, record);
                }
            }
        }
    }

    /** Names a read op in examples: {@code process 3's poll (op 17)} or {@code the final read (op 90)}. */
    static String describe(Op op) {
        return (Op.FINAL_READ.equals(op.f()) ? "the final read" : "process " + op.process() + "'s poll")
                + " (op " + op.index() + ")";
    }
}
