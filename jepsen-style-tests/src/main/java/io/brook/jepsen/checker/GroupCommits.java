package io.brook.jepsen.checker;

import io.brook.jepsen.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The commits and resets of a history, one entry per partition each names, paired with their
 * completions. Looks at commit and reset-offsets ops only, so other functions cannot break it; those
 * must pair up (a process's completion closes its open invocation of the same function), else an
 * {@link IllegalArgumentException} names the op. Stateless.
 */
final class GroupCommits {

    /**
     * One partition's offset in one commit or reset.
     *
     * @param f {@link Op#COMMIT} or {@link Op#RESET_OFFSETS}
     * @param invoke index of the invocation
     * @param completion index of the completion, or {@link Long#MAX_VALUE} when none
     * @param outcome the completion's type; info when none
     */
    record Entry(String f, int process, int partition, long offset, long invoke, long completion, Op.Type outcome) {

        boolean isReset() {
            return Op.RESET_OFFSETS.equals(f);
        }
    }

    private GroupCommits() {}

    /** Every entry, in invocation order. */
    static List<Entry> entries(List<Op> history) {
        Map<Integer, Op> open = new HashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Op op : history) {
            if (!Op.COMMIT.equals(op.f()) && !Op.RESET_OFFSETS.equals(op.f())) {
                continue;
            }
            if (op.isInvoke()) {
                Op still = open.put(op.process(), op);
                if (still != null) {
                    throw malformed(op, "process " + op.process() + " invokes " + op.f() + " while op " + still.index()
                            + " is open");
                }
            } else {
                Op invoke = open.remove(op.process());
                if (invoke == null || !invoke.f().equals(op.f())) {
                    throw malformed(op, "process " + op.process() + " completes " + op.f() + " without an open one");
                }
                add(invoke, op.index(), op.type(), entries);
            }
        }
        open.values().forEach(invoke -> add(invoke, Long.MAX_VALUE, Op.Type.INFO, entries));
        entries.sort((a, b) -> Long.compare(a.invoke(), b.invoke()));
        return entries;
    }

    private static void add(Op invoke, long completion, Op.Type outcome, List<Entry> entries) {
        for (Op.Offset o : invoke.offsets()) {
            entries.add(new Entry(invoke.f(), invoke.process(), o.partition(), o.offset(), invoke.index(), completion,
                    outcome));
        }
    }

    private static IllegalArgumentException malformed(Op op, String problem) {
        return new IllegalArgumentException("malformed history at op " + op.index() + ": " + problem);
    }
}
