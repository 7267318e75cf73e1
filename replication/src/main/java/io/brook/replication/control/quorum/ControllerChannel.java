package io.brook.replication.control.quorum;

import io.brook.replication.control.ControlTransport;
import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.MetadataResult;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker's way to the controller: queues the metadata commands its callers submit and gets them to
 * the controller leader — through its own controller replica when it leads, otherwise as a SUBMIT request
 * to the voter it believes leads — and keeps this broker's image current (pushed by its own controller
 * replica on a voter, polled from the leader on any other broker).
 *
 * <p>One command batch is in flight at a time, so a broker's commands are applied in the order they were
 * submitted. A batch that was refused before anything was appended (not the leader, leader unreachable,
 * leader still rebuilding its state) is sent again, to the leader named in the refusal or to the next
 * voter, until the command's deadline. A batch whose fate is unknown (the request timed out or the
 * connection dropped after sending, or leadership moved before it committed) is not sent again: its
 * commands complete with CONTROLLER_NOT_AVAILABLE saying that they may still take effect. A command
 * that changed the state completes once this broker's image shows its version (read your writes), or at
 * its deadline with its result if the image lags. Futures never complete exceptionally.
 *
 * <p>Threads: the worker thread owns every field except {@link #image} and the listener list; futures and
 * listeners run on the notifier thread, in version order.
 */
final class ControllerChannel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerChannel.class);
    private static final int MAX_BATCH = 64;
    private static final int MAX_BATCH_BYTES = 256 * 1024;

    /** Timing of the channel. */
    record Settings(long commandTimeoutMs, long requestTimeoutMs, long pollIntervalMs, long retryBackoffMs) {
    }

    /** This broker's own controller replica, when it is a voter. */
    interface LocalReplica {

        /** Whether it leads now (a hint: the submission itself is checked on the log's thread). */
        boolean leads();

        /** The leader it knows of, or -1. */
        int leaderId();

        /** Appends through it; {@code done} may run on any thread. */
        void submit(List<MetadataCommand> commands, Consumer<MetadataApplier.Outcome> done);
    }

    private static final class Pending {
        final MetadataCommand command;
        final long deadlineMs;
        final CompletableFuture<MetadataResult> future = new CompletableFuture<>();
        boolean done;
        MetadataResult result;
        long awaitVersion;

        Pending(MetadataCommand command, long deadlineMs) {
            this.command = command;
            this.deadlineMs = deadlineMs;
        }
    }

    private record InFlight(List<Pending> batch, String target) {
    }

    private final String name;
    private final int selfId;
    private final Voters voters;
    private final ControlTransport transport;
    private final LocalReplica local;
    private final LongSupplier clock;
    private final Settings settings;
    private final ScheduledExecutorService worker;
    private final ExecutorService notifier;
    private final List<Consumer<MetadataImage>> listeners = new CopyOnWriteArrayList<>();
    private volatile MetadataImage image = MetadataImage.EMPTY;
    private volatile int leaderHint = -1;

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final List<Pending> awaitingImage = new ArrayList<>();
    private InFlight inFlight;
    private long retryAtMs;
    private int rotation;
    private boolean polling;
    private long lastPollMs = Long.MIN_VALUE / 2;
    private boolean pollWanted = true;
    private long pollRetryAtMs;
    private boolean closed;

    /**
     * @param local this broker's controller replica, or null on a broker that is not a voter (its image is
     *     then polled from the leader)
     */
    ControllerChannel(String name, int selfId, Voters voters, ControlTransport transport, LocalReplica local, LongSupplier clock,
                      Settings settings) {
        this.name = name;
        this.selfId = selfId;
        this.voters = voters;
        this.transport = transport;
        this.local = local;
        this.clock = clock;
        this.settings = settings;
        this.worker = Executors.newSingleThreadScheduledExecutor(daemon("brook-controller-" + name));
        this.notifier = Executors.newSingleThreadExecutor(daemon("brook-controller-notify-" + name));
        long tick = Math.max(10, Math.min(50, settings.pollIntervalMs() / 4));
        worker.scheduleWithFixedDelay(this::pump, 0, tick, TimeUnit.MILLISECONDS);
    }

    MetadataImage image() {
        return image;
    }

    /** The controller leader as this broker last learned it, or -1. */
    int leaderHint() {
        if (local != null && local.leaderId() >= 0) {
            return local.leaderId();
        }
        return leaderHint;
    }

    void addListener(Consumer<MetadataImage> listener) {
        onWorker(() -> {
            listeners.add(listener);
            MetadataImage current = image;
            if (current.version() > 0) {
                notify(() -> listener.accept(current));
            }
        });
    }

    /**
     * Queues a command.
     *
     * @throws IllegalArgumentException when the command cannot be encoded (e.g. a string over 1 MiB)
     */
    CompletableFuture<MetadataResult> submit(MetadataCommand command) {
        MetadataRecords.command(command); // fail the caller now, not the batch later
        Pending p = new Pending(command, clock.getAsLong() + settings.commandTimeoutMs());
        boolean accepted = onWorker(() -> {
            if (closed) {
                finish(p, closedResult());
            } else {
                queue.add(p);
                pump();
            }
        });
        if (!accepted) {
            p.future.complete(closedResult());
        }
        return p.future;
    }

    /** Any thread: this broker's own controller replica applied up to a new image. */
    void onLocalImage(MetadataImage next) {
        onWorker(() -> {
            if (next.version() > image.version()) {
                publish(next);
            }
        });
    }

    // ---- worker thread

    private void pump() {
        try {
            if (closed) {
                return;
            }
            long now = clock.getAsLong();
            expire(now);
            if (inFlight == null && !queue.isEmpty() && now >= retryAtMs) {
                sendBatch();
            }
            if (local == null && !polling && ((pollWanted && now >= pollRetryAtMs) || now - lastPollMs >= settings.pollIntervalMs())) {
                poll(now);
            }
        } catch (RuntimeException e) {
            LOG.error("Controller channel {} failed a step; continuing", name, e);
        }
    }

    private void expire(long now) {
        for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.deadlineMs <= now) {
                it.remove();
                finish(p, notAvailable("No controller leader answered within " + settings.commandTimeoutMs() + " ms; "
                        + "the change was not made."));
            }
        }
        if (inFlight != null) {
            for (Pending p : inFlight.batch()) {
                if (!p.done && p.deadlineMs <= now) {
                    finish(p, notAvailable("The controller leader did not answer within " + settings.commandTimeoutMs()
                            + " ms; the change may still take effect."));
                }
            }
        }
        for (Iterator<Pending> it = awaitingImage.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.deadlineMs <= now) {
                it.remove();
                finish(p, p.result);
            }
        }
    }

    private void sendBatch() {
        List<Pending> batch = new ArrayList<>();
        List<MetadataCommand> commands = new ArrayList<>();
        int bytes = 0;
        while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
            int size = MetadataRecords.command(queue.peek().command).length;
            if (!batch.isEmpty() && bytes + size > MAX_BATCH_BYTES) {
                break;
            }
            Pending p = queue.poll();
            batch.add(p);
            commands.add(p.command);
            bytes += size;
        }
        if (local != null && (local.leads() || voters.addresses().size() == 1)) {
            InFlight op = new InFlight(batch, "itself");
            inFlight = op;
            local.submit(commands, outcome -> onWorker(() -> onOutcome(op, outcome)));
            return;
        }
        int target = target();
        String address = voters.address(target);
        InFlight op = new InFlight(batch, "broker " + target);
        inFlight = op;
        CompletableFuture<byte[]> f;
        try {
            f = transport.request(address, ControlMessages.submit(commands), Duration.ofMillis(settings.requestTimeoutMs()));
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((answer, error) -> onWorker(() -> onRemoteAnswer(op, answer, error)));
    }

    /**
     * The voter to ask: the known leader, else the next voter in turn; never this broker itself (a voter
     * that is the only one submits through its own replica).
     */
    private int target() {
        int hint = leaderHint();
        if (hint >= 0 && hint != selfId && voters.contains(hint)) {
            return hint;
        }
        List<Integer> ids = voters.ids();
        ids.remove(Integer.valueOf(selfId));
        return ids.get(Math.floorMod(rotation++, ids.size()));
    }

    private void onRemoteAnswer(InFlight op, byte[] answer, Throwable error) {
        MetadataApplier.Outcome outcome;
        if (error != null) {
            Throwable cause = unwrap(error);
            boolean neverDelivered = cause instanceof ConnectException || cause instanceof IllegalStateException;
            outcome = MetadataApplier.Outcome.failed(neverDelivered ? ControlMessages.Status.NOT_APPLIED
                    : ControlMessages.Status.UNKNOWN_OUTCOME, op.target() + ": " + cause);
            leaderHint = -1;
        } else {
            try {
                ControlMessages.Response r = ControlMessages.decodeResponse(answer);
                outcome = switch (r.status()) {
                    case OK -> new MetadataApplier.Outcome(r.status(), CommandCodec.decodeResults(r.body()), -1, "");
                    case NOT_LEADER -> MetadataApplier.Outcome.notLeader(r.leaderHint());
                    default -> MetadataApplier.Outcome.failed(r.status(), op.target() + ": " + r.reason());
                };
            } catch (IllegalArgumentException e) {
                outcome = MetadataApplier.Outcome.failed(ControlMessages.Status.UNKNOWN_OUTCOME, op.target() + " answered "
                        + "malformed bytes: " + e.getMessage());
            }
        }
        onOutcome(op, outcome);
    }

    private void onOutcome(InFlight op, MetadataApplier.Outcome outcome) {
        if (inFlight != op) {
            return;
        }
        inFlight = null;
        switch (outcome.status()) {
            case OK -> onResults(op, outcome.results());
            case NOT_LEADER -> {
                leaderHint = outcome.leaderHint();
                requeue(op, outcome.leaderHint() < 0 || outcome.leaderHint() == selfId ? settings.retryBackoffMs() : 0);
            }
            case NOT_APPLIED -> {
                LOG.debug("Controller channel {}: not applied, will retry: {}", name, outcome.reason());
                requeue(op, settings.retryBackoffMs());
            }
            case UNKNOWN_OUTCOME -> {
                String why = "The controller did not confirm the change (" + outcome.reason() + "); it may still take effect.";
                op.batch().forEach(p -> finish(p, notAvailable(why)));
            }
        }
        pump();
    }

    private void requeue(InFlight op, long backoffMs) {
        List<Pending> batch = op.batch();
        for (int i = batch.size() - 1; i >= 0; i--) {
            if (!batch.get(i).done) {
                queue.addFirst(batch.get(i));
            }
        }
        retryAtMs = clock.getAsLong() + backoffMs;
    }

    private void onResults(InFlight op, List<MetadataState.Applied> results) {
        if (results.size() != op.batch().size()) {
            String why = "The controller answered " + results.size() + " results for " + op.batch().size() + " changes.";
            op.batch().forEach(p -> finish(p, notAvailable(why)));
            return;
        }
        long shown = image.version();
        for (int i = 0; i < results.size(); i++) {
            Pending p = op.batch().get(i);
            MetadataState.Applied a = results.get(i);
            if (!a.result().ok() || a.version() <= shown) {
                finish(p, a.result());
            } else if (!p.done) {
                p.result = a.result();
                p.awaitVersion = a.version();
                awaitingImage.add(p);
                pollWanted = true;
            }
        }
    }

    private void poll(long now) {
        polling = true;
        lastPollMs = now;
        pollWanted = false;
        int target = target();
        CompletableFuture<byte[]> f;
        try {
            f = transport.request(voters.address(target), ControlMessages.fetch(image.version()),
                    Duration.ofMillis(settings.requestTimeoutMs()));
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((answer, error) -> onWorker(() -> onPollAnswer(target, answer, error)));
    }

    private void onPollAnswer(int target, byte[] answer, Throwable error) {
        polling = false;
        boolean retrySoon = true;
        if (error == null) {
            try {
                ControlMessages.Response r = ControlMessages.decodeResponse(answer);
                if (r.status() == ControlMessages.Status.OK) {
                    MetadataImage next = CommandCodec.decodeAnswer(r.body());
                    if (next != null && next.version() > image.version()) {
                        publish(next);
                    }
                    leaderHint = target;
                    retrySoon = false;
                } else if (r.status() == ControlMessages.Status.NOT_LEADER) {
                    leaderHint = r.leaderHint();
                }
            } catch (IllegalArgumentException e) {
                LOG.debug("Controller channel {}: malformed image answer from broker {}: {}", name, target, e.getMessage());
                leaderHint = -1;
            }
        } else {
            LOG.debug("Controller channel {} could not read the image from broker {}: {}", name, target, unwrap(error).toString());
            leaderHint = -1;
        }
        if (retrySoon || !awaitingImage.isEmpty()) {
            pollWanted = true;
            pollRetryAtMs = clock.getAsLong() + settings.retryBackoffMs();
        }
        pump();
    }

    private void publish(MetadataImage next) {
        image = next;
        for (Consumer<MetadataImage> listener : listeners) {
            notify(() -> listener.accept(next));
        }
        long shown = next.version();
        for (Iterator<Pending> it = awaitingImage.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.awaitVersion <= shown) {
                it.remove();
                finish(p, p.result);
            }
        }
    }

    private void finish(Pending p, MetadataResult result) {
        if (p.done) {
            return;
        }
        p.done = true;
        notify(() -> p.future.complete(result));
    }

    private void notify(Runnable r) {
        try {
            notifier.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.warn("Controller metadata listener failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            r.run();
        }
    }

    /** @return false when the worker no longer accepts work (closed) */
    private boolean onWorker(Runnable r) {
        try {
            worker.execute(r);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Fails what is queued or in flight and stops both threads (waiting up to about {@code waitMs}). */
    void close(long waitMs) {
        CompletableFuture<Void> drained = new CompletableFuture<>();
        boolean accepted = onWorker(() -> {
            closed = true;
            queue.forEach(p -> finish(p, closedResult()));
            queue.clear();
            if (inFlight != null) {
                inFlight.batch().forEach(p -> finish(p, notAvailable("This broker's controller client closed before the "
                        + "controller answered; the change may still take effect.")));
                inFlight = null;
            }
            awaitingImage.forEach(p -> finish(p, p.result));
            awaitingImage.clear();
            drained.complete(null);
        });
        if (accepted) {
            try {
                drained.get(waitMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.debug("Controller channel {} closed without draining: {}", name, e.toString());
            }
        }
        worker.shutdownNow();
        notifier.shutdown();
        try {
            if (!notifier.awaitTermination(waitMs, TimeUnit.MILLISECONDS)) {
                notifier.shutdownNow();
            }
        } catch (InterruptedException e) {
            notifier.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(2_000);
    }

    private static MetadataResult notAvailable(String message) {
        return new MetadataResult(MetadataResult.Error.CONTROLLER_NOT_AVAILABLE, message);
    }

    private static MetadataResult closedResult() {
        return notAvailable("The controller client of this broker is closed.");
    }

    static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    static ThreadFactory daemon(String threadName) {
        return r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        };
    }
}
