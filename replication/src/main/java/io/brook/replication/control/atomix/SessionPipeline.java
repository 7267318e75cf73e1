package io.brook.replication.control.atomix;

import io.atomix.primitive.PrimitiveState;
import io.atomix.primitive.operation.PrimitiveOperation;
import io.atomix.primitive.session.SessionClient;
import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.MetadataResult;
import java.time.Clock;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-threaded queue in front of this broker's one controller session.
 *
 * <p>Atomix 3.1.12 updates a session's request sequence numbers from two threads without
 * synchronization, so with more than one operation in flight an operation can wait forever. Here
 * exactly one operation (a command batch or an image query) is in flight per session: callers' commands
 * queue, and the worker sends the queued commands as one batch when the previous operation has
 * completed. After a batch that changed the state, and otherwise every poll interval, it queries the
 * image; a command's future completes once the image this broker shows includes its change (read your
 * writes), or at its deadline with its result if the image lags.
 *
 * <p>Failures: a command not applied within the command timeout completes with CONTROLLER_NOT_AVAILABLE
 * (its outcome is then unknown: atomix may still apply it). A session that expires or closes is replaced
 * by a new one; so is a session whose operation has been in flight for longer than the abandon time
 * (atomix retries commands internally; giving up on the session is the only way to stop that without a
 * second operation in flight). Futures never complete exceptionally.
 *
 * <p>Threads: the worker thread owns every field except {@link #image} and the listener list; futures
 * and listeners are called on the notifier thread, in version order.
 */
final class SessionPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionPipeline.class);
    private static final int MAX_BATCH = 64;
    private static final int MAX_BATCH_BYTES = 256 * 1024;
    private static final long POLL_RETRY_MS = 50;

    /** Timing of the pipeline. */
    record Settings(long commandTimeoutMs, long pollIntervalMs, long abandonAfterMs, long reopenBackoffMs) {
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

    /** The one operation in flight: a command batch (non-empty) or an image query (empty batch). */
    private record InFlight(List<Pending> batch, long startMs, SessionClient session) {
    }

    private final String name;
    private final Supplier<CompletableFuture<SessionClient>> sessionFactory;
    private final Clock clock;
    private final Settings settings;
    private final ScheduledExecutorService worker;
    private final ExecutorService notifier;
    private final List<Consumer<MetadataImage>> listeners = new CopyOnWriteArrayList<>();
    private volatile MetadataImage image = MetadataImage.EMPTY;

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final List<Pending> awaitingImage = new ArrayList<>();
    private SessionClient session;
    private int openAttempt;
    private volatile int sessionsOpened;
    private boolean opening;
    private long openStartedMs;
    private long nextOpenMs;
    private InFlight inFlight;
    private long lastPollMs = Long.MIN_VALUE / 2;
    private boolean pollWanted = true;
    private long pollRetryAtMs;
    private boolean closed;

    /**
     * @param name for thread names and logs, e.g. "broker-1"
     * @param sessionFactory builds and connects a new session (called on the worker thread)
     */
    SessionPipeline(String name, Supplier<CompletableFuture<SessionClient>> sessionFactory, Clock clock, Settings settings) {
        this.name = name;
        this.sessionFactory = sessionFactory;
        this.clock = clock;
        this.settings = settings;
        this.worker = Executors.newSingleThreadScheduledExecutor(daemon("brook-control-" + name));
        this.notifier = Executors.newSingleThreadExecutor(daemon("brook-control-notify-" + name));
        long tick = Math.max(10, Math.min(50, settings.pollIntervalMs() / 4));
        worker.scheduleWithFixedDelay(this::pump, 0, tick, TimeUnit.MILLISECONDS);
    }

    MetadataImage image() {
        return image;
    }

    /** How many sessions this pipeline has opened (more than one after expiry or abandonment). */
    int sessionsOpened() {
        return sessionsOpened;
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
        CommandCodec.encodeCommands(List.of(command)); // fail the caller now, not the batch later
        Pending p = new Pending(command, clock.millis() + settings.commandTimeoutMs());
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

    // ---- worker thread

    private void pump() {
        try {
            if (closed) {
                return;
            }
            long now = clock.millis();
            expire(now);
            if (inFlight != null) {
                if (now - inFlight.startMs() < settings.abandonAfterMs()) {
                    return;
                }
                abandon(inFlight, "an operation has been in flight for " + (now - inFlight.startMs()) + " ms");
            }
            if (session != null && isDead(session)) {
                dropSession("the session is " + session.getState());
            }
            if (session == null) {
                if (opening && now - openStartedMs > settings.abandonAfterMs()) {
                    opening = false; // a late answer to that attempt is closed when it arrives
                }
                if (!opening && now >= nextOpenMs) {
                    openSession(now);
                }
                return;
            }
            if (!queue.isEmpty()) {
                sendBatch(now);
            } else if ((pollWanted && now >= pollRetryAtMs) || now - lastPollMs >= settings.pollIntervalMs()) {
                sendQuery(now);
            }
        } catch (RuntimeException e) {
            LOG.error("Controller pipeline {} failed a step; continuing", name, e);
        }
    }

    private void expire(long now) {
        for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.deadlineMs <= now) {
                it.remove();
                finish(p, notAvailable("No controller quorum answered within " + settings.commandTimeoutMs() + " ms."));
            }
        }
        if (inFlight != null) {
            for (Pending p : inFlight.batch()) {
                if (!p.done && p.deadlineMs <= now) {
                    finish(p, notAvailable("No controller quorum answered within " + settings.commandTimeoutMs()
                            + " ms; the change may still be applied."));
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

    private void openSession(long now) {
        int attempt = ++openAttempt;
        opening = true;
        openStartedMs = now;
        CompletableFuture<SessionClient> f;
        try {
            f = sessionFactory.get();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((s, error) -> {
            boolean accepted = onWorker(() -> onSessionOpened(attempt, s, error));
            if (!accepted && s != null) {
                s.close();
            }
        });
    }

    private void onSessionOpened(int attempt, SessionClient s, Throwable error) {
        if (closed || attempt != openAttempt || !opening) {
            if (s != null) {
                s.close();
            }
            return;
        }
        opening = false;
        if (error != null) {
            nextOpenMs = clock.millis() + settings.reopenBackoffMs();
            LOG.debug("Controller pipeline {} could not open a session: {}", name, unwrap(error).toString());
            return;
        }
        session = s;
        sessionsOpened++;
        pollWanted = true;
        s.addStateChangeListener(state -> onWorker(this::pump));
        LOG.info("Controller pipeline {} opened session {}", name, s.sessionId());
        pump();
    }

    private void sendBatch(long now) {
        List<Pending> batch = new ArrayList<>();
        List<MetadataCommand> commands = new ArrayList<>();
        while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
            Pending p = queue.poll();
            batch.add(p);
            commands.add(p.command);
        }
        byte[] bytes;
        try {
            bytes = CommandCodec.encodeCommands(commands);
            while (bytes.length > MAX_BATCH_BYTES && batch.size() > 1) {
                int keep = batch.size() / 2;
                for (int i = batch.size() - 1; i >= keep; i--) {
                    queue.addFirst(batch.remove(i));
                    commands.remove(i);
                }
                bytes = CommandCodec.encodeCommands(commands);
            }
        } catch (IllegalArgumentException e) { // each command encoded alone when submitted: not expected
            batch.forEach(p -> finish(p, notAvailable("Cannot encode the change: " + e.getMessage())));
            return;
        }
        InFlight op = new InFlight(batch, now, session);
        inFlight = op;
        execute(op, PrimitiveOperation.operation(MetadataService.BATCH, bytes), this::onBatchDone);
    }

    private void onBatchDone(InFlight op, byte[] answer, Throwable error) {
        if (inFlight != op) {
            return; // abandoned
        }
        inFlight = null;
        List<MetadataState.Applied> results = null;
        if (error == null) {
            try {
                results = CommandCodec.decodeResults(answer);
                if (results.size() != op.batch().size()) {
                    throw new IllegalArgumentException(results.size() + " results for " + op.batch().size() + " commands");
                }
            } catch (IllegalArgumentException e) {
                error = e;
            }
        }
        if (results == null) {
            String why = "The controller did not confirm the change (" + unwrap(error) + "); it may still be applied.";
            op.batch().forEach(p -> finish(p, notAvailable(why)));
            pump();
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
        pump();
    }

    private void sendQuery(long now) {
        lastPollMs = now;
        pollWanted = false;
        InFlight op = new InFlight(List.of(), now, session);
        inFlight = op;
        execute(op, PrimitiveOperation.operation(MetadataService.IMAGE, CommandCodec.encodeQuery(image.version())),
                this::onQueryDone);
    }

    private void onQueryDone(InFlight op, byte[] answer, Throwable error) {
        if (inFlight != op) {
            return;
        }
        inFlight = null;
        if (error == null) {
            try {
                MetadataImage next = CommandCodec.decodeAnswer(answer);
                if (next != null && next.version() > image.version()) {
                    publish(next);
                }
            } catch (IllegalArgumentException e) {
                error = e;
            }
        }
        if (error != null) {
            pollWanted = !awaitingImage.isEmpty();
            pollRetryAtMs = clock.millis() + POLL_RETRY_MS;
            LOG.debug("Controller pipeline {} could not read the image: {}", name, unwrap(error).toString());
        }
        long shown = image.version();
        for (Iterator<Pending> it = awaitingImage.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.awaitVersion <= shown) {
                it.remove();
                finish(p, p.result);
            }
        }
        pump();
    }

    /** Sends the operation and hands its outcome to {@code done} on the worker thread. */
    private void execute(InFlight op, PrimitiveOperation operation, Outcome done) {
        CompletableFuture<byte[]> f;
        try {
            f = op.session().execute(operation);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((answer, error) -> onWorker(() -> done.accept(op, answer, error)));
    }

    private interface Outcome {
        void accept(InFlight op, byte[] answer, Throwable error);
    }

    private void publish(MetadataImage next) {
        image = next;
        for (Consumer<MetadataImage> listener : listeners) {
            notify(() -> listener.accept(next));
        }
    }

    private void abandon(InFlight op, String why) {
        inFlight = null;
        op.batch().forEach(p -> finish(p, notAvailable("The controller did not answer; the change may still be applied.")));
        dropSession(why);
    }

    private void dropSession(String why) {
        SessionClient s = session;
        session = null;
        if (s != null) {
            LOG.info("Controller pipeline {} replaces session {}: {}", name, s.sessionId(), why);
            s.close().whenComplete((v, e) -> { });
        }
    }

    private static boolean isDead(SessionClient s) {
        PrimitiveState state = s.getState();
        return state == PrimitiveState.EXPIRED || state == PrimitiveState.CLOSED;
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

    // ---- close

    /** Fails queued commands, closes the session (waiting up to {@code waitMs}) and stops both threads. */
    void close(long waitMs) {
        CompletableFuture<CompletableFuture<Void>> sessionClosed = new CompletableFuture<>();
        boolean accepted = onWorker(() -> {
            closed = true;
            queue.forEach(p -> finish(p, closedResult()));
            queue.clear();
            if (inFlight != null) {
                inFlight.batch().forEach(p -> finish(p, closedResult()));
                inFlight = null;
            }
            awaitingImage.forEach(p -> finish(p, p.result));
            awaitingImage.clear();
            SessionClient s = session;
            session = null;
            sessionClosed.complete(s == null ? CompletableFuture.completedFuture(null) : s.close());
        });
        if (accepted) {
            try {
                sessionClosed.get(waitMs, TimeUnit.MILLISECONDS).get(waitMs, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                LOG.debug("Controller pipeline {} closed without a clean session close: {}", name, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
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

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    static java.util.concurrent.ThreadFactory daemon(String threadName) {
        return r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        };
    }
}
