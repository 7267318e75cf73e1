package io.brook.client.testing;

import io.brook.protocol.ApiKey;
import io.brook.protocol.frame.FrameDecoder;
import io.brook.protocol.frame.FrameEncoder;
import io.brook.protocol.frame.FrameLayout;
import io.brook.protocol.message.ErrorCode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One fake broker: a Netty server on 127.0.0.1 with an ephemeral port, decoding requests with the
 * real {@link FrameDecoder} and answering them from the {@link FakeCluster}'s state. Faults queued
 * with {@link #failNext}, {@link #swallowNext}, {@link #disconnectOnNext} and {@link #frameErrorNext}
 * apply to the next requests of their API, once each. {@link #holdResponses} processes requests but
 * keeps their answers until {@link #releaseResponses}, so that a test can line up requests in flight.
 */
public final class FakeBroker {

    final FakeCluster cluster;
    final int id;
    private final Channel server;
    final Set<Channel> clients = new HashSet<>();
    final ArrayDeque<Fault> faults = new ArrayDeque<>();
    /** APIs whose answers are held back, and the held answers in order. */
    final Set<ApiKey> heldApis = EnumSet.noneOf(ApiKey.class);
    final List<HeldReply> heldReplies = new ArrayList<>();

    /** An answer held back, with the payload it owns. */
    record HeldReply(Runnable write, List<Object> payload) {
    }
    private final Map<ApiKey, AtomicInteger> requests = new EnumMap<>(ApiKey.class);
    /** Version ranges announced instead of the build's own, by API. */
    final Map<ApiKey, int[]> advertisedVersions = new EnumMap<>(ApiKey.class);
    int advertisedMaxFrameBytes = FrameLayout.DEFAULT_MAX_FRAME_BYTES;

    private FakeBroker(FakeCluster cluster, int id) {
        this.cluster = cluster;
        this.id = id;
        for (ApiKey k : ApiKey.values()) {
            requests.put(k, new AtomicInteger());
        }
        FakeBroker self = this;
        this.server = new ServerBootstrap()
                .group(cluster.group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        clients.add(ch);
                        ch.closeFuture().addListener(f -> clients.remove(ch));
                        ch.pipeline().addLast(new FrameDecoder(true, FrameLayout.DEFAULT_MAX_FRAME_BYTES),
                                new FrameEncoder(), new FakeRequestHandler(self));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    static FakeBroker start(FakeCluster cluster, int id) {
        return new FakeBroker(cluster, id);
    }

    public int id() {
        return id;
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public String address() {
        return "127.0.0.1:" + port();
    }

    /** Announces {@code min..max} for {@code api} in ApiVersions (to connections opened from now on). */
    public void advertiseVersions(ApiKey api, int min, int max) {
        cluster.run(() -> advertisedVersions.put(api, new int[] {min, max}));
    }

    /** Announces {@code bytes} as max.frame.bytes in ApiVersions. */
    public void advertiseMaxFrameBytes(int bytes) {
        cluster.run(() -> advertisedMaxFrameBytes = bytes);
    }

    /** Answers the next request of {@code api} with {@code code} for every partition in it. */
    public void failNext(ApiKey api, ErrorCode code) {
        cluster.run(() -> faults.add(new Fault(Fault.Kind.ERROR, api, code)));
    }

    /** Ignores the next request of {@code api}: no processing, no answer. */
    public void swallowNext(ApiKey api) {
        cluster.run(() -> faults.add(new Fault(Fault.Kind.SWALLOW, api, null)));
    }

    /** Processes the next request of {@code api}, then closes its connection instead of answering. */
    public void disconnectAfterNext(ApiKey api) {
        cluster.run(() -> faults.add(new Fault(Fault.Kind.DISCONNECT_AFTER, api, null)));
    }

    /** Processes the next request of {@code api} and never answers it, keeping the connection open: a lost response. */
    public void loseAnswerOfNext(ApiKey api) {
        cluster.run(() -> faults.add(new Fault(Fault.Kind.LOSE_ANSWER, api, null)));
    }

    /** Closes the connection when the next request of {@code api} arrives, without processing it. */
    public void disconnectOnNext(ApiKey api) {
        cluster.run(() -> faults.add(new Fault(Fault.Kind.DISCONNECT, api, null)));
    }

    /** Answers the next request of {@code api} with a frame-level error. */
    public void frameErrorNext(ApiKey api, ErrorCode code) {
        cluster.run(() -> faults.add(new Fault(Fault.Kind.FRAME_ERROR, api, code)));
    }

    /** Forgets the faults queued and not yet applied. */
    public void clearFaults() {
        cluster.run(faults::clear);
    }

    /** From now on processes requests of {@code api} as usual but keeps their answers. */
    public void holdResponses(ApiKey api) {
        cluster.run(() -> heldApis.add(api));
    }

    /** Sends the held answers, in the order of their requests, and stops holding. */
    public void releaseResponses() {
        cluster.run(() -> {
            heldApis.clear();
            List<HeldReply> replies = new ArrayList<>(heldReplies);
            heldReplies.clear();
            replies.forEach(r -> r.write().run());
        });
    }

    /** Sends the oldest held answer and keeps holding. */
    public void releaseFirstResponse() {
        cluster.run(() -> heldReplies.remove(0).write().run());
    }

    /** Forgets the held answers (their requests stay processed) and stops holding. */
    public void dropHeldResponses() {
        cluster.run(() -> {
            heldApis.clear();
            heldReplies.forEach(r -> r.payload().forEach(io.netty.util.ReferenceCountUtil::release));
            heldReplies.clear();
        });
    }

    /** Answers held so far. */
    public int heldResponseCount() {
        return cluster.call(heldReplies::size);
    }

    /** Closes every client connection. */
    public void disconnectAll() {
        cluster.run(() -> new HashSet<>(clients).forEach(Channel::close));
    }

    /** Requests of {@code api} received so far (faulty ones included). */
    public int requestCount(ApiKey api) {
        return requests.get(api).get();
    }

    void countRequest(ApiKey api) {
        requests.get(api).incrementAndGet();
    }

    /** The next fault for {@code api}, removed from the queue, or {@code null}. */
    Fault takeFault(ApiKey api) {
        for (var it = faults.iterator(); it.hasNext(); ) {
            Fault f = it.next();
            if (f.api() == api) {
                it.remove();
                return f;
            }
        }
        return null;
    }

    void close() {
        dropHeldResponses();
        server.close().awaitUninterruptibly();
        cluster.run(() -> new HashSet<>(clients).forEach(Channel::close));
    }
}
