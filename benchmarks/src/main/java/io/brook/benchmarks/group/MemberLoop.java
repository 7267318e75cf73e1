package io.brook.benchmarks.group;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * One member's life on its own thread: create, subscribe, poll every 100 ms at most, report each
 * assignment change and each delivery to a {@link Recorder} under the member's number; on {@link
 * #leave()}, stop polling and close the consumer (leaving the group) on that thread, as an application
 * does. A failed poll is counted and retried after 50 ms.
 */
final class MemberLoop implements Runnable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final GroupSystem system;
    private final String group;
    private final String topic;
    private final int index;
    private final Recorder recorder;
    private final CompletableFuture<Long> closeStarted = new CompletableFuture<>();
    private final CompletableFuture<Long> closed = new CompletableFuture<>();
    private volatile boolean leaving;
    private volatile long pollErrors;
    private volatile String lastError = "";

    MemberLoop(GroupSystem system, String group, String topic, int index, Recorder recorder) {
        this.system = system;
        this.group = group;
        this.topic = topic;
        this.index = index;
        this.recorder = recorder;
    }

    int index() {
        return index;
    }

    Thread start() {
        Thread t = new Thread(this, "member-" + index);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void run() {
        Member.Listener listener = new Member.Listener() {
            @Override
            public void assigned(Collection<Integer> partitions) {
                recorder.assigned(index, System.currentTimeMillis(), partitions);
            }

            @Override
            public void revoked(Collection<Integer> partitions) {
                recorder.revoked(index, System.currentTimeMillis(), partitions, false);
            }

            @Override
            public void lost(Collection<Integer> partitions) {
                recorder.revoked(index, System.currentTimeMillis(), partitions, true);
            }
        };
        Member.Sink sink = (partition, records, oldestSentMs) ->
                recorder.delivered(index, System.currentTimeMillis(), partition, records, oldestSentMs);
        try {
            Member member = system.member(group, "member-" + index, topic, true, listener);
            try {
                member.subscribe();
                while (!leaving) {
                    try {
                        member.poll(POLL, sink);
                    } catch (RuntimeException e) {
                        pollErrors++;
                        lastError = e.toString();
                        LockSupport.parkNanos(50_000_000L);
                    }
                }
            } finally {
                closeStarted.complete(System.currentTimeMillis());
                member.close();
            }
            closed.complete(System.currentTimeMillis());
        } catch (RuntimeException | Error e) {
            closeStarted.complete(System.currentTimeMillis());
            closed.completeExceptionally(e);
        }
    }

    /** Asks the loop to close its consumer after the current poll; completes with when close() began. */
    CompletableFuture<Long> leave() {
        leaving = true;
        return closeStarted;
    }

    CompletableFuture<Long> closed() {
        return closed;
    }

    long pollErrors() {
        return pollErrors;
    }

    String lastError() {
        return lastError;
    }
}
