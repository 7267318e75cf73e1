package io.brook.jepsen.checker;

import io.brook.jepsen.history.History;
import io.brook.jepsen.history.Op;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code producer-order}: within one producer and one partition, the offsets of acknowledged sends
 * grow in the order {@code send} was called ({@link Op#seq()} of the invocation). A producer that
 * retries a batch while a later batch of the same partition succeeds writes the retried one after it:
 * what idempotence (or one request in flight) rules out. Only sends whose invocation names its
 * producer and sequence and that were acknowledged at an offset take part; histories of format
 * version 1 name neither, so nothing is checked in them.
 *
 * <p>One anomaly per acknowledged send that a later call of the same producer overtook, i.e. was
 * acknowledged at a lower (or the same) offset of the partition; its example names both sends, the
 * overtaking one being the lowest-placed of them. Examples by producer, then partition, then call
 * order.
 */
public final class ProducerOrderChecker implements Checker {

    public static final String NAME = "producer-order";

    @Override
    public String name() {
        return NAME;
    }

    /** The sends of one producer to one partition. */
    private record ProducerPartition(int producer, int partition) {}

    @Override
    public CheckResult check(List<Op> history) {
        Map<ProducerPartition, List<History.Send>> groups = new TreeMap<>(
                Comparator.comparingInt(ProducerPartition::producer).thenComparingInt(ProducerPartition::partition));
        for (History.Send send : History.sendsByValue(history).values()) {
            Op invoke = send.invoke();
            if (invoke.producer() >= 0 && invoke.seq() >= 0 && send.acknowledgedAtOffset()) {
                groups.computeIfAbsent(new ProducerPartition(invoke.producer(), send.partition()), k -> new ArrayList<>())
                        .add(send);
            }
        }
        Anomalies anomalies = new Anomalies(NAME);
        for (List<History.Send> sends : groups.values()) {
            sends.sort(Comparator.comparingLong(s -> s.invoke().seq()));
            overtaken(sends).forEach(anomalies::add);
        }
        return anomalies.result();
    }

    /** The examples for one producer's sends to one partition, given in call order: a scan from the last call back. */
    private static List<String> overtaken(List<History.Send> sends) {
        List<String> found = new ArrayList<>();
        History.Send lowestLater = null;
        for (int i = sends.size() - 1; i >= 0; i--) {
            History.Send send = sends.get(i);
            if (i + 1 < sends.size() && send.invoke().seq() == sends.get(i + 1).invoke().seq()) {
                throw new IllegalArgumentException("malformed history: " + send.value() + " and " + sends.get(i + 1).value()
                        + " are both call " + send.invoke().seq() + " of producer " + send.invoke().producer());
            }
            if (lowestLater != null && send.offset() >= lowestLater.offset()) {
                found.add(describe(send) + " was acknowledged at " + position(send) + ", not below "
                        + describe(lowestLater) + ", called later, at " + position(lowestLater));
            }
            if (lowestLater == null || send.offset() < lowestLater.offset()) {
                lowestLater = send;
            }
        }
        Collections.reverse(found);
        return found;
    }

    private static String describe(History.Send send) {
        return send.value() + " (producer " + send.invoke().producer() + ", call " + send.invoke().seq() + ", op "
                + send.completion().index() + ")";
    }

    private static Position position(History.Send send) {
        return new Position(send.partition(), send.offset());
    }
}
