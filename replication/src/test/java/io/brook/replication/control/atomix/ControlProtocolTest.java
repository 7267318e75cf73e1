package io.brook.replication.control.atomix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atomix.cluster.MemberId;
import io.atomix.protocols.raft.RaftError;
import io.atomix.protocols.raft.protocol.RaftResponse;
import io.atomix.protocols.raft.protocol.VoteRequest;
import io.atomix.protocols.raft.protocol.VoteResponse;
import io.brook.replication.control.memory.InMemoryControlNetwork;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ControlProtocolTest {

    private static final Voters VOTERS = Voters.parse("1@a:1,2@b:2,3@c:3");

    private final InMemoryControlNetwork network = new InMemoryControlNetwork();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final ControlProtocol one = new ControlProtocol(1, VOTERS, network.endpoint("a:1"), Duration.ofMillis(300), executor);
    private final ControlProtocol two = new ControlProtocol(2, VOTERS, network.endpoint("b:2"), Duration.ofMillis(300), executor);

    @AfterEach
    void close() {
        one.close();
        two.close();
        network.close();
        executor.shutdownNow();
    }

    @Test
    void a_request_reaches_the_target_members_handler_and_its_answer_comes_back() throws Exception {
        two.registerVoteHandler(request -> CompletableFuture.completedFuture(VoteResponse.builder()
                .withStatus(RaftResponse.Status.OK).withTerm(request.term()).withVoted(true).build()));

        VoteResponse response = one.vote(MemberId.from("2"), vote(7)).get(5, TimeUnit.SECONDS);

        assertThat(response.term()).isEqualTo(7);
        assertThat(response.voted()).isTrue();
    }

    @Test
    void a_request_to_itself_is_served_in_process() throws Exception {
        one.registerVoteHandler(request -> CompletableFuture.completedFuture(VoteResponse.builder()
                .withStatus(RaftResponse.Status.ERROR).withError(RaftError.Type.ILLEGAL_MEMBER_STATE).build()));
        network.isolate("a:1");

        VoteResponse response = one.vote(MemberId.from("1"), vote(1)).get(5, TimeUnit.SECONDS);

        assertThat(response.error().type()).isEqualTo(RaftError.Type.ILLEGAL_MEMBER_STATE);
    }

    @Test
    void a_member_without_that_handler_refuses_like_a_closed_port() {
        assertThatThrownBy(() -> one.vote(MemberId.from("2"), vote(1)).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    void a_member_that_is_not_the_target_refuses() {
        ControlProtocol misrouted = new ControlProtocol(1, Voters.parse("1@a:1,2@c:3"), network.endpoint("x:9"),
                Duration.ofMillis(300), executor);
        ControlProtocol three = new ControlProtocol(3, VOTERS, network.endpoint("c:3"), Duration.ofMillis(300), executor);
        try {
            three.registerVoteHandler(request -> new CompletableFuture<>());

            assertThatThrownBy(() -> misrouted.vote(MemberId.from("2"), vote(1)).get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ConnectException.class).hasMessageContaining("not 2");
        } finally {
            misrouted.close();
            three.close();
        }
    }

    @Test
    void a_partitioned_member_times_out_and_an_unknown_one_refuses() {
        two.registerVoteHandler(request -> new CompletableFuture<>());
        network.cut("a:1", "b:2");

        assertThatThrownBy(() -> one.vote(MemberId.from("2"), vote(1)).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> one.vote(MemberId.from("9"), vote(1)).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> one.vote(MemberId.from("not-a-broker"), vote(1)).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    void a_closed_protocol_refuses_in_both_directions() {
        two.registerVoteHandler(request -> new CompletableFuture<>());
        two.close();

        assertThatThrownBy(() -> one.vote(MemberId.from("2"), vote(1)).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> two.vote(MemberId.from("1"), vote(1)).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    void garbage_frames_are_answered_with_a_failure_frame() throws Exception {
        byte[] answer = one.handle(new byte[] {9, 9}).get(1, TimeUnit.SECONDS);

        assertThat(ControlEnvelope.decodeResponse(answer).status()).isEqualTo(ControlEnvelope.FAILED);
    }

    private static VoteRequest vote(long term) {
        return VoteRequest.builder().withTerm(term).withCandidate(MemberId.from("1")).withLastLogIndex(0).withLastLogTerm(0).build();
    }
}
