package io.brook.jepsen.client;

import io.brook.client.ConsumerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The consumer group of a subscribe run: a fixed number of member slots, each running one {@link
 * GroupWorker} at a time on its own thread. A killed member's slot stays empty until {@link
 * #restartKilled()} starts a fresh member there (a new Consumer in the same group, so it resumes from
 * the group's commits) as a new Jepsen process: the old id plus {@code processStride}, as send lanes
 * do after an unknown outcome. Thread-safe: the generator's thread kills and restarts while the
 * harness's thread stops.
 */
public final class GroupMembers {

    private final String group;
    private final String topic;
    private final ConsumerConfig base;
    private final Recorder recorder;
    private final int processStride;
    private final long commitAheadBy;
    private final GroupProgress progress = new GroupProgress();
    /** Each slot's current worker; null while killed. */
    private final GroupWorker[] live;
    /** The process id the slot's next worker gets. */
    private final int[] nextProcess;
    private final List<Thread> threads = new ArrayList<>();
    private int kills;
    private boolean stopped;

    /**
     * @param firstProcess slot {@code s} starts as process {@code firstProcess + s}
     * @param commitAheadBy see {@link GroupWorker}: 0 but in a run that demonstrates a bug
     */
    public GroupMembers(String group, String topic, ConsumerConfig base, Recorder recorder, int firstProcess, int members,
                        int processStride, long commitAheadBy) {
        this.group = group;
        this.topic = topic;
        this.base = base;
        this.recorder = recorder;
        this.processStride = processStride;
        this.commitAheadBy = commitAheadBy;
        this.live = new GroupWorker[members];
        this.nextProcess = new int[members];
        for (int s = 0; s < members; s++) {
            nextProcess[s] = firstProcess + s;
        }
    }

    public String group() {
        return group;
    }

    public GroupProgress progress() {
        return progress;
    }

    /** Starts a member in every empty slot. */
    public synchronized void start() {
        for (int s = 0; s < live.length; s++) {
            if (live[s] == null && !stopped) {
                GroupWorker w = new GroupWorker(nextProcess[s], group, topic, base, recorder, progress, commitAheadBy);
                nextProcess[s] += processStride;
                live[s] = w;
                Thread t = new Thread(w, "jepsen-group-" + w.process());
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }
    }

    /** A random live member, or null when there is none. */
    public synchronized GroupWorker pick(Random random) {
        List<GroupWorker> alive = new ArrayList<>();
        for (GroupWorker w : live) {
            if (w != null) {
                alive.add(w);
            }
        }
        return alive.isEmpty() ? null : alive.get(random.nextInt(alive.size()));
    }

    /** Abandons {@code victim} (see {@link GroupWorker#kill()}); its network must already be cut. */
    public synchronized void kill(GroupWorker victim) {
        for (int s = 0; s < live.length; s++) {
            if (live[s] == victim) {
                live[s] = null;
                victim.kill();
                kills++;
            }
        }
    }

    /** Starts a fresh member in each slot whose member was killed. */
    public void restartKilled() {
        start();
    }

    /**
     * Waits until the members have consumed every partition up to {@code ends} (see {@link
     * GroupProgress#reached}) or {@code timeoutMs} passed; true when they have.
     */
    public boolean awaitCaughtUp(Map<Integer, Long> ends, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!progress.reached(ends)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /** How many members were killed so far. */
    public synchronized int kills() {
        return kills;
    }

    /** Stops every live member (each closes its consumer, leaving the group) and waits for every thread. */
    public void stop() throws InterruptedException {
        List<Thread> all;
        synchronized (this) {
            stopped = true;
            for (GroupWorker w : live) {
                if (w != null) {
                    w.stop();
                }
            }
            all = List.copyOf(threads);
        }
        for (Thread t : all) {
            t.join(60_000);
        }
    }
}
