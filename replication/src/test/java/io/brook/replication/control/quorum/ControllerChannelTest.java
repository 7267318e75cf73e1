package io.brook.replication.control.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.MetadataResult;
import io.brook.replication.control.MetadataResult.Error;
import io.brook.replication.control.memory.InMemoryControlNetwork;
import io.brook.replication.control.memory.InMemoryControlTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a broker's channel gets its changes to the controller leader and what its callers hear: voters
 * answered by scripted handlers on an in-memory network.
 */
class ControllerChannelTest {

    private static final Voters VOTERS = Voters.parse("1@v1:1,2@v2:1,3@v3:1");
    private static final ControllerChannel.Settings FAST = new ControllerChannel.Settings(3_000, 300, 50, 20);

    private final InMemoryControlNetwork network = new InMemoryControlNetwork();
    private final List<ControllerChannel> channels = new ArrayList<>();

    @AfterEach
    void close() {
        channels.forEach(ControllerChannel::close);
        network.close();
    }

    @Test
    void a_change_goes_to_the_leader_named_by_a_follower_and_completes_once_the_image_shows_it() throws Exception {
        AtomicInteger asked2 = new AtomicInteger();
        voter("v1:1", bytes -> answer(ControlMessages.notLeader(2)));
        voter("v2:1", bytes -> {
            ControlMessages.Request r = ControlMessages.decodeRequest(bytes);
            if (r.kind() == ControlMessages.SUBMIT) {
                asked2.incrementAndGet();
                return answer(ControlMessages.ok(CommandCodec.encodeResults(List.of(new MetadataState.Applied(MetadataResult.OK, 4)))));
            }
            return answer(ControlMessages.ok(CommandCodec.encodeAnswer(image(4), CommandCodec.decodeQuery(r.body()))));
        });
        voter("v3:1", bytes -> answer(ControlMessages.notLeader(2)));
        ControllerChannel channel = nonVoter();

        MetadataResult r = channel.submit(new MetadataCommand.Heartbeat(7)).get(5, TimeUnit.SECONDS);

        assertThat(r).isEqualTo(MetadataResult.OK);
        assertThat(asked2).hasValue(1);
        assertThat(channel.image().version()).as("read your writes").isGreaterThanOrEqualTo(4);
        assertThat(channel.leaderHint()).isEqualTo(2);
    }

    @Test
    void an_unreachable_voter_is_skipped_and_the_change_is_sent_once() throws Exception {
        AtomicInteger submits = new AtomicInteger();
        // no broker listens at v1:1: the connection is refused
        Function<byte[], CompletableFuture<byte[]>> leader = bytes -> {
            if (ControlMessages.decodeRequest(bytes).kind() == ControlMessages.SUBMIT) {
                submits.incrementAndGet();
                return answer(ControlMessages.ok(CommandCodec.encodeResults(List.of(new MetadataState.Applied(MetadataResult.OK, 0)))));
            }
            return answer(ControlMessages.ok(CommandCodec.encodeUnchanged(0)));
        };
        voter("v2:1", leader);
        voter("v3:1", bytes -> answer(ControlMessages.notLeader(2)));
        ControllerChannel channel = nonVoter();

        assertThat(channel.submit(new MetadataCommand.Heartbeat(7)).get(5, TimeUnit.SECONDS)).isEqualTo(MetadataResult.OK);
        assertThat(submits).hasValue(1);
    }

    @Test
    void a_change_whose_fate_is_unknown_is_not_sent_again_and_says_it_may_take_effect() throws Exception {
        AtomicInteger submits = new AtomicInteger();
        for (String v : List.of("v1:1", "v2:1", "v3:1")) {
            voter(v, bytes -> {
                if (ControlMessages.decodeRequest(bytes).kind() == ControlMessages.SUBMIT) {
                    submits.incrementAndGet();
                    return answer(ControlMessages.unknownOutcome("leadership moved"));
                }
                return answer(ControlMessages.notLeader(-1));
            });
        }
        ControllerChannel channel = nonVoter();

        MetadataResult r = channel.submit(new MetadataCommand.DeleteTopic("t")).get(5, TimeUnit.SECONDS);

        assertThat(r.error()).isEqualTo(Error.CONTROLLER_NOT_AVAILABLE);
        assertThat(r.message()).contains("may still take effect").contains("leadership moved");
        assertThat(submits).hasValue(1);
    }

    @Test
    void a_change_no_leader_accepts_fails_at_its_deadline_saying_it_was_not_made() throws Exception {
        for (String v : List.of("v1:1", "v2:1", "v3:1")) {
            voter(v, bytes -> answer(ControlMessages.notApplied("electing")));
        }
        ControllerChannel channel = channel(null, new ControllerChannel.Settings(400, 300, 50, 20));

        MetadataResult r = channel.submit(new MetadataCommand.Heartbeat(1)).get(5, TimeUnit.SECONDS);

        assertThat(r.error()).isEqualTo(Error.CONTROLLER_NOT_AVAILABLE);
        assertThat(r.message()).contains("was not made");
    }

    @Test
    void a_leading_voter_submits_through_its_own_replica_and_shows_its_own_images() throws Exception {
        List<List<MetadataCommand>> local = new CopyOnWriteArrayList<>();
        ControllerChannel[] self = new ControllerChannel[1];
        ControllerChannel.LocalReplica replica = new ControllerChannel.LocalReplica() {
            @Override
            public boolean leads() {
                return true;
            }

            @Override
            public int leaderId() {
                return 1;
            }

            @Override
            public void submit(List<MetadataCommand> commands, java.util.function.Consumer<MetadataApplier.Outcome> done) {
                local.add(commands);
                self[0].onLocalImage(image(1));
                done.accept(new MetadataApplier.Outcome(ControlMessages.Status.OK,
                        List.of(new MetadataState.Applied(MetadataResult.OK, 1)), -1, ""));
            }
        };
        List<MetadataImage> seen = new CopyOnWriteArrayList<>();
        self[0] = channel(replica, FAST);
        self[0].addListener(seen::add);

        assertThat(self[0].submit(new MetadataCommand.Heartbeat(1)).get(5, TimeUnit.SECONDS)).isEqualTo(MetadataResult.OK);
        assertThat(local).containsExactly(List.of(new MetadataCommand.Heartbeat(1)));
        assertThat(self[0].image().version()).isEqualTo(1);
        assertThat(self[0].leaderHint()).isEqualTo(1);
    }

    // ---- helpers

    private void voter(String address, Function<byte[], CompletableFuture<byte[]>> handler) {
        InMemoryControlTransport t = network.endpoint(address);
        t.handler(handler);
    }

    private ControllerChannel nonVoter() {
        return channel(null, FAST);
    }

    private ControllerChannel channel(ControllerChannel.LocalReplica local, ControllerChannel.Settings settings) {
        InMemoryControlTransport t = network.endpoint(local == null ? "b9:1" : "v1:1");
        ControllerChannel c = new ControllerChannel("test", local == null ? 9 : 1, VOTERS, t, local, System::currentTimeMillis, settings);
        channels.add(c);
        return c;
    }

    private static CompletableFuture<byte[]> answer(byte[] bytes) {
        return CompletableFuture.completedFuture(bytes);
    }

    private static MetadataImage image(long version) {
        return new MetadataImage(version, Map.of(), Map.of(), Map.of(), 0);
    }
}
