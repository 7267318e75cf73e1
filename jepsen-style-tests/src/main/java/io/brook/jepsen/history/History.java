package io.brook.jepsen.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Views of a history that checkers and reports share: invocations paired with their completions, and
 * sends indexed by their (unique) value. Both are one pass over the history with a hash map, so they
 * stay linear for histories of millions of ops. Stateless.
 *
 * <p>Well-formedness, which both enforce with an {@link IllegalArgumentException} naming the op: a
 * process has at most one operation open; a completion closes its process's open invocation and has
 * the same {@code f}. An invocation still open at the end is paired with {@code null} and counts as
 * unknown ({@code info}).
 */
public final class History {

    private History() {}

    /**
     * An invocation and its completion.
     *
     * @param invoke the invocation
     * @param completion the ok, fail or info that closed it, or {@code null} if it was still open at the end
     */
    public record Pair(Op invoke, Op completion) {

        /** The completion's type; {@link Op.Type#INFO} (unknown) when there was none. */
        public Op.Type outcome() {
            return completion == null ? Op.Type.INFO : completion.type();
        }

        /** Completion time minus invocation time, or -1 when still open. */
        public long latencyNanos() {
            return completion == null ? -1 : completion.timeNanos() - invoke.timeNanos();
        }
    }

    /**
     * A send, found by its value.
     *
     * @param invoke the invocation, which carries the value, key and requested partition
     * @param completion its completion, or {@code null} if it was still open at the end
     */
    public record Send(Op invoke, Op completion) {

        public String value() {
            return invoke.value();
        }

        /** The completion's type; {@link Op.Type#INFO} (unknown) when there was none. */
        public Op.Type outcome() {
            return completion == null ? Op.Type.INFO : completion.type();
        }

        /** The broker acknowledged it: the completion is ok. */
        public boolean acknowledged() {
            return outcome() == Op.Type.OK;
        }

        /** Acknowledged with the partition and offset it was written at. */
        public boolean acknowledgedAtOffset() {
            return acknowledged() && completion.partition() >= 0 && completion.offset() >= 0;
        }

        /** The acknowledged partition, or -1. */
        public int partition() {
            return acknowledged() ? completion.partition() : -1;
        }

        /** The acknowledged offset, or -1. */
        public long offset() {
            return acknowledged() ? completion.offset() : -1;
        }
    }

    /** Every invocation with its completion, in invocation order. */
    public static List<Pair> pairs(List<Op> history) {
        List<Op> invokes = new ArrayList<>();
        List<Op> completions = new ArrayList<>();
        Map<Integer, Integer> open = new HashMap<>();
        for (Op op : history) {
            if (op.isInvoke()) {
                Integer previous = open.put(op.process(), invokes.size());
                if (previous != null) {
                    Op still = invokes.get(previous);
                    throw malformed(op, "process " + op.process() + " invokes " + op.f() + " while its " + still.f()
                            + " (op " + still.index() + ") is open");
                }
                invokes.add(op);
                completions.add(null);
            } else {
                Integer slot = open.remove(op.process());
                if (slot == null) {
                    throw malformed(op, "process " + op.process() + " completes " + op.f() + " without an open invocation");
                }
                Op invoke = invokes.get(slot);
                if (!invoke.f().equals(op.f())) {
                    throw malformed(op, "process " + op.process() + " completes " + op.f() + " but invoked "
                            + invoke.f() + " (op " + invoke.index() + ")");
                }
                completions.set(slot, op);
            }
        }
        List<Pair> pairs = new ArrayList<>(invokes.size());
        for (int i = 0; i < invokes.size(); i++) {
            pairs.add(new Pair(invokes.get(i), completions.get(i)));
        }
        return pairs;
    }

    /**
     * Every send by its value, in invocation order. Looks at send ops only, so events of other
     * functions (a nemesis's, say) cannot break it even if they do not pair up; the sends themselves
     * must: a process's send completion closes its open send.
     *
     * @throws IllegalArgumentException if the sends are malformed, a send has no value or two sends
     *     share one: values are unique per run, and the checkers' verdicts rest on that
     */
    public static Map<String, Send> sendsByValue(List<Op> history) {
        Map<String, Send> sends = new LinkedHashMap<>();
        Map<Integer, Op> open = new HashMap<>();
        for (Op op : history) {
            if (!Op.SEND.equals(op.f())) {
                continue;
            }
            if (op.isInvoke()) {
                if (op.value() == null) {
                    throw malformed(op, "send without a value");
                }
                Op still = open.put(op.process(), op);
                if (still != null) {
                    throw malformed(op, "process " + op.process() + " invokes send while its send (op " + still.index()
                            + ") is open");
                }
                Send previous = sends.put(op.value(), new Send(op, null));
                if (previous != null) {
                    throw malformed(op, "value " + op.value() + " sent again (first by op "
                            + previous.invoke().index() + "): values must be unique");
                }
            } else {
                Op invoke = open.remove(op.process());
                if (invoke == null) {
                    throw malformed(op, "process " + op.process() + " completes send without an open invocation");
                }
                sends.put(invoke.value(), new Send(invoke, op));
            }
        }
        return sends;
    }

    private static IllegalArgumentException malformed(Op op, String problem) {
        return new IllegalArgumentException("malformed history at op " + op.index() + ": " + problem);
    }
}
