package io.brook.jepsen.checker;

import io.brook.jepsen.history.History;
import io.brook.jepsen.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code lost-admin-change}: an acknowledged admin change that the cluster no longer shows at the end.
 * Compares every ok {@link Op#CREATE_TOPIC}, {@link Op#ADD_PARTITIONS} and {@link Op#ALTER_CONFIG}
 * with the last {@link Op#FINAL_DESCRIBE} of its topic:
 * <ul>
 * <li>an acknowledged create: the topic exists, with at least the partitions it was created with;</li>
 * <li>an acknowledged add-partitions to N: the topic has at least N partitions;</li>
 * <li>an acknowledged {@code name=value}: the config reads {@code value}, or the value of a change of
 * the same config invoked after this one was acknowledged that did not definitely fail (it may have
 * overwritten it);</li>
 * <li>a topic that an acknowledged change named but that could not be described at the end (info, or
 * no final describe at all) is an anomaly too: the cluster did not come back to answer.</li>
 * </ul>
 * Changes whose outcome is unknown or that failed are not promised and are not checked. One anomaly per
 * acknowledged change, in history order.
 */
public final class LostAdminChangeChecker implements Checker {

    public static final String NAME = "lost-admin-change";
    private static final java.util.Set<String> ADMIN = java.util.Set.of(Op.CREATE_TOPIC, Op.ADD_PARTITIONS, Op.ALTER_CONFIG,
            Op.FINAL_DESCRIBE);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(List<Op> history) {
        Map<String, Op> finalDescribe = new HashMap<>();
        List<History.Pair> changes = new ArrayList<>();
        for (History.Pair pair : adminPairs(history)) {
            if (Op.FINAL_DESCRIBE.equals(pair.invoke().f())) {
                if (pair.completion() != null) {
                    finalDescribe.put(pair.invoke().key(), pair.completion());
                }
            } else {
                changes.add(pair);
            }
        }
        Anomalies anomalies = new Anomalies(NAME);
        for (History.Pair change : changes) {
            if (change.outcome() != Op.Type.OK) {
                continue;
            }
            Op ack = change.completion();
            String topic = ack.key();
            String what = ack.f() + " " + topic + " " + ack.value() + " (op " + ack.index() + ")";
            Op described = finalDescribe.get(topic);
            if (described == null || !described.isOk()) {
                anomalies.add(what + " was acknowledged, but " + topic + " could not be described at the end"
                        + (described == null ? "" : ": " + described.error()));
            } else if (Op.ABSENT.equals(described.value())) {
                anomalies.add(what + " was acknowledged, but " + topic + " does not exist at the end (op "
                        + described.index() + ")");
            } else {
                String problem = compare(ack, fields(described.value()), changes);
                if (problem != null) {
                    anomalies.add(what + " was acknowledged, but at the end " + problem + " (op " + described.index() + ")");
                }
            }
        }
        return anomalies.result();
    }

    /**
     * The admin operations with their completions, in invocation order. Looks at admin functions only,
     * so that other operations cannot break it; a completion without an open admin invocation of its
     * process is malformed.
     */
    private static List<History.Pair> adminPairs(List<Op> history) {
        List<Op> invokes = new ArrayList<>();
        Map<Op, Op> completions = new HashMap<>();
        Map<Integer, Op> open = new HashMap<>();
        for (Op op : history) {
            if (!ADMIN.contains(op.f())) {
                continue;
            }
            if (op.isInvoke()) {
                open.put(op.process(), op);
                invokes.add(op);
            } else {
                Op inv = open.remove(op.process());
                if (inv == null || !inv.f().equals(op.f())) {
                    throw new IllegalArgumentException("malformed history at op " + op.index() + ": process "
                            + op.process() + " completes " + op.f() + " without an open invocation of it");
                }
                completions.put(inv, op);
            }
        }
        return invokes.stream().map(i -> new History.Pair(i, completions.get(i))).toList();
    }

    /** What the final state lacks of the acknowledged change, or null when it shows it. */
    private static String compare(Op ack, Map<String, String> end, List<History.Pair> changes) {
        Map<String, String> set = fields(ack.value());
        if (Op.ALTER_CONFIG.equals(ack.f())) {
            for (Map.Entry<String, String> e : set.entrySet()) {
                String now = end.get(e.getKey());
                if (!e.getValue().equals(now) && !setLater(ack, e.getKey(), now, changes)) {
                    return e.getKey() + " is " + now;
                }
            }
            return null;
        }
        long wanted = Long.parseLong(set.getOrDefault("partitions", "0"));
        long have = Long.parseLong(end.getOrDefault("partitions", "0"));
        return have >= wanted ? null : ack.key() + " has " + have + " partitions";
    }

    /** True when a change of {@code config} on the same topic, invoked after {@code ack}, may have set {@code value}. */
    private static boolean setLater(Op ack, String config, String value, List<History.Pair> changes) {
        for (History.Pair later : changes) {
            Op inv = later.invoke();
            if (inv.index() > ack.index() && Op.ALTER_CONFIG.equals(inv.f()) && ack.key().equals(inv.key())
                    && later.outcome() != Op.Type.FAIL && value != null && value.equals(fields(inv.value()).get(config))) {
                return true;
            }
        }
        return false;
    }

    /** {@code "a=1,b=2"} as a map; a part without '=' is ignored. */
    static Map<String, String> fields(String value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        for (String part : value.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return out;
    }
}
