package io.brook.replication.control.atomix;

import io.atomix.cluster.MemberId;
import io.atomix.primitive.session.SessionId;
import io.atomix.protocols.raft.partition.impl.RaftNamespaces;
import io.atomix.protocols.raft.protocol.AppendRequest;
import io.atomix.protocols.raft.protocol.AppendResponse;
import io.atomix.protocols.raft.protocol.CloseSessionRequest;
import io.atomix.protocols.raft.protocol.CloseSessionResponse;
import io.atomix.protocols.raft.protocol.CommandRequest;
import io.atomix.protocols.raft.protocol.CommandResponse;
import io.atomix.protocols.raft.protocol.ConfigureRequest;
import io.atomix.protocols.raft.protocol.ConfigureResponse;
import io.atomix.protocols.raft.protocol.HeartbeatRequest;
import io.atomix.protocols.raft.protocol.HeartbeatResponse;
import io.atomix.protocols.raft.protocol.InstallRequest;
import io.atomix.protocols.raft.protocol.InstallResponse;
import io.atomix.protocols.raft.protocol.JoinRequest;
import io.atomix.protocols.raft.protocol.JoinResponse;
import io.atomix.protocols.raft.protocol.KeepAliveRequest;
import io.atomix.protocols.raft.protocol.KeepAliveResponse;
import io.atomix.protocols.raft.protocol.LeaveRequest;
import io.atomix.protocols.raft.protocol.LeaveResponse;
import io.atomix.protocols.raft.protocol.MetadataRequest;
import io.atomix.protocols.raft.protocol.MetadataResponse;
import io.atomix.protocols.raft.protocol.OpenSessionRequest;
import io.atomix.protocols.raft.protocol.OpenSessionResponse;
import io.atomix.protocols.raft.protocol.PollRequest;
import io.atomix.protocols.raft.protocol.PollResponse;
import io.atomix.protocols.raft.protocol.PublishRequest;
import io.atomix.protocols.raft.protocol.QueryRequest;
import io.atomix.protocols.raft.protocol.QueryResponse;
import io.atomix.protocols.raft.protocol.RaftClientProtocol;
import io.atomix.protocols.raft.protocol.RaftServerProtocol;
import io.atomix.protocols.raft.protocol.ReconfigureRequest;
import io.atomix.protocols.raft.protocol.ReconfigureResponse;
import io.atomix.protocols.raft.protocol.ResetRequest;
import io.atomix.protocols.raft.protocol.TransferRequest;
import io.atomix.protocols.raft.protocol.TransferResponse;
import io.atomix.protocols.raft.protocol.VoteRequest;
import io.atomix.protocols.raft.protocol.VoteResponse;
import io.atomix.utils.serializer.Serializer;
import io.brook.replication.control.ControlTransport;
import io.brook.replication.control.atomix.ControlEnvelope.Method;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Atomix's server and client protocols over Brook's {@link ControlTransport}: one instance per broker,
 * shared by its Raft server (if it is a voter) and its Raft client, whose handler sets are disjoint.
 * Every request is framed by {@link ControlEnvelope} with the member it targets and the method, so one
 * transport handler per broker serves both; messages addressed to this broker itself are dispatched
 * in-process (still encoded, so server and client never share objects).
 *
 * <p>Failures are mapped to what atomix retries on: the transport's {@link TimeoutException} stays one;
 * anything else that prevents an answer (unreachable broker, no handler there yet, unknown member)
 * becomes a {@link ConnectException}, which makes atomix try the next member. Only non-voters are
 * unknown as targets; atomix 3.1.12 sends server-to-client messages only for session events, which the
 * metadata service never publishes.
 *
 * <p>Thread safety: safe for use from any thread. Responses complete on this protocol's own executor,
 * never on the transport's threads (atomix callbacks must not run on the broker's event loops).
 */
final class ControlProtocol implements RaftServerProtocol, RaftClientProtocol, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlProtocol.class);
    private static final byte[] EMPTY = new byte[0];

    private final int localId;
    private final Voters voters;
    private final ControlTransport transport;
    private final Duration requestTimeout;
    private final ExecutorService executor;
    private final Serializer serializer = Serializer.using(RaftNamespaces.RAFT_PROTOCOL);
    private final Map<Method, Function<Object, CompletableFuture<?>>> handlers = new ConcurrentHashMap<>();
    private final Map<Long, Consumer<Object>> publishListeners = new ConcurrentHashMap<>();
    private final Map<Long, Consumer<Object>> resetListeners = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param executor completes every outgoing future; owned by the caller
     */
    ControlProtocol(int localId, Voters voters, ControlTransport transport, Duration requestTimeout, ExecutorService executor) {
        this.localId = localId;
        this.voters = voters;
        this.transport = transport;
        this.requestTimeout = requestTimeout;
        this.executor = executor;
        transport.handler(this::handle);
    }

    /** Answers every later request with UNAVAILABLE and drops the handlers. */
    @Override
    public void close() {
        closed = true;
        handlers.clear();
        publishListeners.clear();
        resetListeners.clear();
        transport.handler(frame -> CompletableFuture.completedFuture(ControlEnvelope.unavailable("broker " + localId
                + " has closed its controller client")));
    }

    // ---- incoming

    /** The transport handler: a request frame in, a response frame out (never a failed future). */
    CompletableFuture<byte[]> handle(byte[] frame) {
        ControlEnvelope.Request request;
        try {
            request = ControlEnvelope.decodeRequest(frame);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(ControlEnvelope.failed(e.getMessage()));
        }
        if (closed || request.target() != localId) {
            return CompletableFuture.completedFuture(ControlEnvelope.unavailable(closed
                    ? "broker " + localId + " has closed its controller client"
                    : "this is broker " + localId + ", not " + request.target()));
        }
        try {
            Object message = serializer.decode(request.message());
            if (request.method() == Method.PUBLISH || request.method() == Method.RESET) {
                long session = request.method() == Method.PUBLISH
                        ? ((PublishRequest) message).session() : ((ResetRequest) message).session();
                Consumer<Object> listener = (request.method() == Method.PUBLISH ? publishListeners : resetListeners).get(session);
                if (listener != null) {
                    listener.accept(message);
                }
                return CompletableFuture.completedFuture(ControlEnvelope.ok(EMPTY));
            }
            Function<Object, CompletableFuture<?>> handler = handlers.get(request.method());
            if (handler == null) {
                return CompletableFuture.completedFuture(ControlEnvelope.unavailable("broker " + localId
                        + " does not serve " + request.method() + " now"));
            }
            return handler.apply(message).handle((response, error) -> error == null
                    ? ControlEnvelope.ok(serializer.encode(response))
                    : ControlEnvelope.failed(String.valueOf(unwrap(error))));
        } catch (RuntimeException e) {
            LOG.warn("Control request {} failed on broker {}", request.method(), localId, e);
            return CompletableFuture.completedFuture(ControlEnvelope.failed(e.toString()));
        }
    }

    // ---- outgoing

    private <T> CompletableFuture<T> send(MemberId to, Method method, Object request) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<byte[]> raw;
        try {
            int target = Integer.parseInt(to.id());
            byte[] frame = ControlEnvelope.request(target, method, serializer.encode(request));
            if (closed) {
                raw = CompletableFuture.failedFuture(new ConnectException("controller client of broker " + localId + " is closed"));
            } else if (target == localId) {
                raw = handle(frame);
            } else {
                String address = voters.address(target);
                raw = address == null
                        ? CompletableFuture.failedFuture(new ConnectException("no address for controller member " + target))
                        : transport.request(address, frame, requestTimeout);
            }
        } catch (RuntimeException e) {
            raw = CompletableFuture.failedFuture(e instanceof NumberFormatException
                    ? new ConnectException("member " + to + " is not a broker id") : e);
        }
        // Atomix retries only on timeouts: guard against a transport that never completes.
        raw.orTimeout(requestTimeout.toMillis() * 2, TimeUnit.MILLISECONDS).whenCompleteAsync((frame, error) -> {
            if (error != null) {
                result.completeExceptionally(normalize(error));
                return;
            }
            try {
                ControlEnvelope.Response response = ControlEnvelope.decodeResponse(frame);
                switch (response.status()) {
                    case ControlEnvelope.OK:
                        result.complete(response.body().length == 0 ? null : serializer.decode(response.body()));
                        break;
                    case ControlEnvelope.UNAVAILABLE:
                        result.completeExceptionally(new ConnectException(response.reason()));
                        break;
                    default:
                        result.completeExceptionally(new IOException("broker " + to + " failed " + method + ": " + response.reason()));
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(new IOException("bad control response from " + to + ": " + e, e));
            }
        }, executor);
        return result;
    }

    private static Throwable normalize(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof TimeoutException || e instanceof ConnectException) {
            return e;
        }
        ConnectException c = new ConnectException("control request failed: " + e);
        c.initCause(e);
        return c;
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private void sendOneWay(MemberId to, Method method, Object request) {
        this.<Object>send(to, method, request).whenComplete((r, e) -> {
            if (e != null) {
                LOG.debug("One-way {} to {} failed: {}", method, to, e.toString());
            }
        });
    }

    @SuppressWarnings("unchecked")
    private <Q, R> void register(Method method, Function<Q, CompletableFuture<R>> handler) {
        handlers.put(method, message -> handler.apply((Q) message));
    }

    private void unregister(Method method) {
        handlers.remove(method);
    }

    @SuppressWarnings("unchecked")
    private static <Q> Consumer<Object> onExecutor(Consumer<Q> listener, Executor executor) {
        return message -> executor.execute(() -> listener.accept((Q) message));
    }

    // ---- RaftServerProtocol and RaftClientProtocol: requests

    @Override
    public CompletableFuture<OpenSessionResponse> openSession(MemberId memberId, OpenSessionRequest request) {
        return send(memberId, Method.OPEN_SESSION, request);
    }

    @Override
    public CompletableFuture<CloseSessionResponse> closeSession(MemberId memberId, CloseSessionRequest request) {
        return send(memberId, Method.CLOSE_SESSION, request);
    }

    @Override
    public CompletableFuture<KeepAliveResponse> keepAlive(MemberId memberId, KeepAliveRequest request) {
        return send(memberId, Method.KEEP_ALIVE, request);
    }

    @Override
    public CompletableFuture<QueryResponse> query(MemberId memberId, QueryRequest request) {
        return send(memberId, Method.QUERY, request);
    }

    @Override
    public CompletableFuture<CommandResponse> command(MemberId memberId, CommandRequest request) {
        return send(memberId, Method.COMMAND, request);
    }

    @Override
    public CompletableFuture<MetadataResponse> metadata(MemberId memberId, MetadataRequest request) {
        return send(memberId, Method.METADATA, request);
    }

    @Override
    public CompletableFuture<JoinResponse> join(MemberId memberId, JoinRequest request) {
        return send(memberId, Method.JOIN, request);
    }

    @Override
    public CompletableFuture<LeaveResponse> leave(MemberId memberId, LeaveRequest request) {
        return send(memberId, Method.LEAVE, request);
    }

    @Override
    public CompletableFuture<ConfigureResponse> configure(MemberId memberId, ConfigureRequest request) {
        return send(memberId, Method.CONFIGURE, request);
    }

    @Override
    public CompletableFuture<ReconfigureResponse> reconfigure(MemberId memberId, ReconfigureRequest request) {
        return send(memberId, Method.RECONFIGURE, request);
    }

    @Override
    public CompletableFuture<InstallResponse> install(MemberId memberId, InstallRequest request) {
        return send(memberId, Method.INSTALL, request);
    }

    @Override
    public CompletableFuture<TransferResponse> transfer(MemberId memberId, TransferRequest request) {
        return send(memberId, Method.TRANSFER, request);
    }

    @Override
    public CompletableFuture<PollResponse> poll(MemberId memberId, PollRequest request) {
        return send(memberId, Method.POLL, request);
    }

    @Override
    public CompletableFuture<VoteResponse> vote(MemberId memberId, VoteRequest request) {
        return send(memberId, Method.VOTE, request);
    }

    @Override
    public CompletableFuture<AppendResponse> append(MemberId memberId, AppendRequest request) {
        return send(memberId, Method.APPEND, request);
    }

    @Override
    public CompletableFuture<HeartbeatResponse> heartbeat(MemberId memberId, HeartbeatRequest request) {
        return send(memberId, Method.HEARTBEAT, request);
    }

    @Override
    public void publish(MemberId memberId, PublishRequest request) {
        sendOneWay(memberId, Method.PUBLISH, request);
    }

    @Override
    public void reset(Set<MemberId> members, ResetRequest request) {
        members.forEach(m -> sendOneWay(m, Method.RESET, request));
    }

    // ---- handlers

    @Override
    public void registerOpenSessionHandler(Function<OpenSessionRequest, CompletableFuture<OpenSessionResponse>> handler) {
        register(Method.OPEN_SESSION, handler);
    }

    @Override
    public void unregisterOpenSessionHandler() {
        unregister(Method.OPEN_SESSION);
    }

    @Override
    public void registerCloseSessionHandler(Function<CloseSessionRequest, CompletableFuture<CloseSessionResponse>> handler) {
        register(Method.CLOSE_SESSION, handler);
    }

    @Override
    public void unregisterCloseSessionHandler() {
        unregister(Method.CLOSE_SESSION);
    }

    @Override
    public void registerKeepAliveHandler(Function<KeepAliveRequest, CompletableFuture<KeepAliveResponse>> handler) {
        register(Method.KEEP_ALIVE, handler);
    }

    @Override
    public void unregisterKeepAliveHandler() {
        unregister(Method.KEEP_ALIVE);
    }

    @Override
    public void registerQueryHandler(Function<QueryRequest, CompletableFuture<QueryResponse>> handler) {
        register(Method.QUERY, handler);
    }

    @Override
    public void unregisterQueryHandler() {
        unregister(Method.QUERY);
    }

    @Override
    public void registerCommandHandler(Function<CommandRequest, CompletableFuture<CommandResponse>> handler) {
        register(Method.COMMAND, handler);
    }

    @Override
    public void unregisterCommandHandler() {
        unregister(Method.COMMAND);
    }

    @Override
    public void registerMetadataHandler(Function<MetadataRequest, CompletableFuture<MetadataResponse>> handler) {
        register(Method.METADATA, handler);
    }

    @Override
    public void unregisterMetadataHandler() {
        unregister(Method.METADATA);
    }

    @Override
    public void registerJoinHandler(Function<JoinRequest, CompletableFuture<JoinResponse>> handler) {
        register(Method.JOIN, handler);
    }

    @Override
    public void unregisterJoinHandler() {
        unregister(Method.JOIN);
    }

    @Override
    public void registerLeaveHandler(Function<LeaveRequest, CompletableFuture<LeaveResponse>> handler) {
        register(Method.LEAVE, handler);
    }

    @Override
    public void unregisterLeaveHandler() {
        unregister(Method.LEAVE);
    }

    @Override
    public void registerTransferHandler(Function<TransferRequest, CompletableFuture<TransferResponse>> handler) {
        register(Method.TRANSFER, handler);
    }

    @Override
    public void unregisterTransferHandler() {
        unregister(Method.TRANSFER);
    }

    @Override
    public void registerConfigureHandler(Function<ConfigureRequest, CompletableFuture<ConfigureResponse>> handler) {
        register(Method.CONFIGURE, handler);
    }

    @Override
    public void unregisterConfigureHandler() {
        unregister(Method.CONFIGURE);
    }

    @Override
    public void registerReconfigureHandler(Function<ReconfigureRequest, CompletableFuture<ReconfigureResponse>> handler) {
        register(Method.RECONFIGURE, handler);
    }

    @Override
    public void unregisterReconfigureHandler() {
        unregister(Method.RECONFIGURE);
    }

    @Override
    public void registerInstallHandler(Function<InstallRequest, CompletableFuture<InstallResponse>> handler) {
        register(Method.INSTALL, handler);
    }

    @Override
    public void unregisterInstallHandler() {
        unregister(Method.INSTALL);
    }

    @Override
    public void registerPollHandler(Function<PollRequest, CompletableFuture<PollResponse>> handler) {
        register(Method.POLL, handler);
    }

    @Override
    public void unregisterPollHandler() {
        unregister(Method.POLL);
    }

    @Override
    public void registerVoteHandler(Function<VoteRequest, CompletableFuture<VoteResponse>> handler) {
        register(Method.VOTE, handler);
    }

    @Override
    public void unregisterVoteHandler() {
        unregister(Method.VOTE);
    }

    @Override
    public void registerAppendHandler(Function<AppendRequest, CompletableFuture<AppendResponse>> handler) {
        register(Method.APPEND, handler);
    }

    @Override
    public void unregisterAppendHandler() {
        unregister(Method.APPEND);
    }

    @Override
    public void registerHeartbeatHandler(Function<HeartbeatRequest, CompletableFuture<HeartbeatResponse>> handler) {
        register(Method.HEARTBEAT, handler);
    }

    @Override
    public void unregisterHeartbeatHandler() {
        unregister(Method.HEARTBEAT);
    }

    @Override
    public void registerResetListener(SessionId sessionId, Consumer<ResetRequest> listener, Executor executor) {
        resetListeners.put(sessionId.id(), onExecutor(listener, executor));
    }

    @Override
    public void unregisterResetListener(SessionId sessionId) {
        resetListeners.remove(sessionId.id());
    }

    @Override
    public void registerPublishListener(SessionId sessionId, Consumer<PublishRequest> listener, Executor executor) {
        publishListeners.put(sessionId.id(), onExecutor(listener, executor));
    }

    @Override
    public void unregisterPublishListener(SessionId sessionId) {
        publishListeners.remove(sessionId.id());
    }
}
