package io.brook.replication.control.atomix;

import io.atomix.primitive.PrimitiveState;
import io.atomix.primitive.PrimitiveType;
import io.atomix.primitive.event.EventType;
import io.atomix.primitive.event.PrimitiveEvent;
import io.atomix.primitive.operation.PrimitiveOperation;
import io.atomix.primitive.partition.PartitionId;
import io.atomix.primitive.service.impl.DefaultCommit;
import io.atomix.primitive.session.SessionClient;
import io.atomix.primitive.session.SessionId;
import io.atomix.protocols.raft.RaftException;
import io.atomix.utils.concurrent.ThreadContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A session answered by a real {@link MetadataService} (the "quorum", shared between sessions) on another
 * thread, recording how many operations were ever in flight at once. A silent session never answers a
 * command (queries still work, so a test knows which operation is stuck).
 */
final class FakeSession implements SessionClient {

    private final long id;
    private final MetadataService service;
    private final ScheduledExecutorService answerer;
    private final boolean silent;
    private final List<Consumer<PrimitiveState>> listeners = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<byte[]>> unanswered = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger batches = new AtomicInteger();
    final AtomicInteger queries = new AtomicInteger();
    private volatile PrimitiveState state = PrimitiveState.CONNECTED;
    private static long index;

    FakeSession(long id, MetadataService service, ScheduledExecutorService answerer, boolean silent) {
        this.id = id;
        this.service = service;
        this.answerer = answerer;
        this.silent = silent;
    }

    @Override
    public CompletableFuture<byte[]> execute(PrimitiveOperation operation) {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        boolean command = operation.id().equals(MetadataService.BATCH);
        (command ? batches : queries).incrementAndGet();
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        if ((silent && command) || state != PrimitiveState.CONNECTED) {
            unanswered.add(f);
            return f;
        }
        answerer.schedule(() -> {
            byte[] answer;
            synchronized (service) {
                answer = service.apply(new DefaultCommit<>(++index, operation.id(), operation.value(), null,
                        System.currentTimeMillis()));
            }
            inFlight.decrementAndGet();
            f.complete(answer);
        }, 1, TimeUnit.MILLISECONDS);
        return f;
    }

    /** What atomix does when the quorum has dropped the session. */
    void expire() {
        setState(PrimitiveState.EXPIRED, new RaftException.UnknownSession("expired"));
    }

    private void setState(PrimitiveState s, Exception failure) {
        state = s;
        unanswered.forEach(f -> {
            inFlight.decrementAndGet();
            f.completeExceptionally(failure);
        });
        unanswered.clear();
        listeners.forEach(l -> l.accept(s));
    }

    @Override
    public PrimitiveState getState() {
        return state;
    }

    @Override
    public CompletableFuture<Void> close() {
        setState(PrimitiveState.CLOSED, new RaftException.ClosedSession("closed"));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> delete() {
        return close();
    }

    @Override
    public void addStateChangeListener(Consumer<PrimitiveState> listener) {
        listeners.add(listener);
    }

    @Override
    public void removeStateChangeListener(Consumer<PrimitiveState> listener) {
        listeners.remove(listener);
    }

    @Override
    public SessionId sessionId() {
        return SessionId.from(id);
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    @SuppressWarnings("rawtypes")
    public PrimitiveType type() {
        return MetadataPrimitiveType.INSTANCE;
    }

    @Override
    public PartitionId partitionId() {
        return PartitionId.from("fake", 1);
    }

    @Override
    public ThreadContext context() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void addEventListener(EventType eventType, Consumer<PrimitiveEvent> listener) {
    }

    @Override
    public void removeEventListener(EventType eventType, Consumer<PrimitiveEvent> listener) {
    }

    @Override
    public CompletableFuture<SessionClient> connect() {
        return CompletableFuture.completedFuture(this);
    }
}
