package io.brook.replication.control.atomix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atomix.primitive.PrimitiveState;
import io.brook.replication.control.MetadataResult;
import io.brook.replication.control.MetadataResult.Error;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pipeline against fake sessions: real time, plus a clock the test can jump forward. */
class SessionPipelineTest {

    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final SessionPipeline.Settings SETTINGS = new SessionPipeline.Settings(1_000, 200, 3_000, 50);

    private final MetadataService quorum = new MetadataService();
    private final ScheduledExecutorService answerer = Executors.newScheduledThreadPool(2);
    private final JumpClock clock = new JumpClock();
    private final List<FakeSession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger silentSessions = new AtomicInteger();
    private final AtomicInteger failingOpens = new AtomicInteger();
    private SessionPipeline pipeline;

    @AfterEach
    void close() {
        if (pipeline != null) {
            pipeline.close(1_000);
        }
        answerer.shutdownNow();
    }

    private SessionPipeline start() {
        pipeline = new SessionPipeline("test", () -> {
            if (failingOpens.getAndDecrement() > 0) {
                return CompletableFuture.failedFuture(new IllegalStateException("no leader"));
            }
            FakeSession s = new FakeSession(sessions.size() + 1, quorum, answerer, silentSessions.getAndDecrement() > 0);
            sessions.add(s);
            return CompletableFuture.completedFuture(s);
        }, clock, SETTINGS);
        return pipeline;
    }

    @Test
    void many_threads_submitting_never_put_two_operations_in_flight_and_commands_are_batched() throws Exception {
        start();
        assertThat(done(pipeline.submit(new MetadataCommand.RegisterBroker(MetadataStateTest.broker(1))))).isEqualTo(MetadataResult.OK);
        List<CompletableFuture<MetadataResult>> futures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 100; i++) {
                    futures.add(pipeline.submit(new MetadataCommand.Heartbeat(1)));
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread t : threads) {
            t.join(BOUND.toMillis());
        }

        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(BOUND.toSeconds(), TimeUnit.SECONDS);

        assertThat(futures).hasSize(800).allSatisfy(f -> assertThat(f.join()).isEqualTo(MetadataResult.OK));
        FakeSession s = sessions.get(0);
        assertThat(s.maxInFlight.get()).isEqualTo(1);
        assertThat(s.batches.get()).isLessThan(800);
        assertThat(pipeline.image().version()).isEqualTo(801);
    }

    @Test
    void a_change_completes_once_the_image_shows_it_and_listeners_see_versions_in_order() throws Exception {
        start();
        List<Long> seen = new CopyOnWriteArrayList<>();
        pipeline.addListener(image -> seen.add(image.version()));
        done(pipeline.submit(new MetadataCommand.RegisterBroker(MetadataStateTest.broker(1))));

        MetadataResult r = done(pipeline.submit(new MetadataCommand.CreateTopic("t", "id", 2, 1, Map.of(), false, 10_000)));

        assertThat(r).isEqualTo(MetadataResult.OK);
        assertThat(pipeline.image().topics()).containsKey("t");
        await().atMost(BOUND).until(() -> seen.contains(2L));
        assertThat(seen).isSorted().doesNotHaveDuplicates();
        List<Long> late = new CopyOnWriteArrayList<>();
        pipeline.addListener(image -> late.add(image.version()));
        await().atMost(BOUND).until(() -> late.contains(2L));
    }

    @Test
    void a_refused_change_completes_with_its_error_at_once() throws Exception {
        start();

        MetadataResult r = done(pipeline.submit(new MetadataCommand.Heartbeat(9)));

        assertThat(r.error()).isEqualTo(Error.UNKNOWN_BROKER);
    }

    @Test
    void an_unanswered_command_fails_at_its_deadline_and_the_stuck_session_is_replaced() throws Exception {
        silentSessions.set(1);
        start();
        CompletableFuture<MetadataResult> stuck = pipeline.submit(new MetadataCommand.Heartbeat(1));
        await().atMost(BOUND).until(() -> !sessions.isEmpty() && sessions.get(0).batches.get() == 1);
        CompletableFuture<MetadataResult> queued = pipeline.submit(new MetadataCommand.Heartbeat(2));

        clock.jump(SETTINGS.commandTimeoutMs());

        assertThat(done(stuck).error()).isEqualTo(Error.CONTROLLER_NOT_AVAILABLE);
        assertThat(done(queued).error()).isEqualTo(Error.CONTROLLER_NOT_AVAILABLE);
        assertThat(sessions).hasSize(1);
        clock.jump(SETTINGS.abandonAfterMs());
        await().atMost(BOUND).until(() -> sessions.size() == 2);
        assertThat(sessions.get(0).getState()).isEqualTo(PrimitiveState.CLOSED);
        assertThat(sessions.get(0).maxInFlight.get()).isEqualTo(1);
        assertThat(done(pipeline.submit(new MetadataCommand.RegisterBroker(MetadataStateTest.broker(1))))).isEqualTo(MetadataResult.OK);
    }

    @Test
    void an_expired_session_is_replaced_and_its_command_reported_unknown() throws Exception {
        silentSessions.set(1);
        start();
        CompletableFuture<MetadataResult> lost = pipeline.submit(new MetadataCommand.Heartbeat(1));
        await().atMost(BOUND).until(() -> !sessions.isEmpty() && sessions.get(0).batches.get() == 1);

        sessions.get(0).expire();

        assertThat(done(lost).error()).isEqualTo(Error.CONTROLLER_NOT_AVAILABLE);
        assertThat(done(lost).message()).contains("may still be applied");
        assertThat(done(pipeline.submit(new MetadataCommand.RegisterBroker(MetadataStateTest.broker(1))))).isEqualTo(MetadataResult.OK);
        assertThat(sessions).hasSize(2);
    }

    @Test
    void a_session_that_cannot_be_opened_yet_is_tried_again() throws Exception {
        failingOpens.set(3);
        start();

        MetadataResult r = done(pipeline.submit(new MetadataCommand.RegisterBroker(MetadataStateTest.broker(1))));

        assertThat(r).isEqualTo(MetadataResult.OK);
        assertThat(failingOpens.get()).isNegative();
    }

    @Test
    void closing_completes_every_waiting_command_as_not_available() throws Exception {
        silentSessions.set(1);
        start();
        List<CompletableFuture<MetadataResult>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(pipeline.submit(new MetadataCommand.Heartbeat(i)));
        }
        await().atMost(BOUND).until(() -> !sessions.isEmpty() && sessions.get(0).batches.get() == 1);

        pipeline.close(1_000);

        for (CompletableFuture<MetadataResult> f : waiting) {
            assertThat(done(f).error()).isEqualTo(Error.CONTROLLER_NOT_AVAILABLE);
        }
        assertThat(done(pipeline.submit(new MetadataCommand.Heartbeat(1))).message()).contains("closed");
    }

    private static MetadataResult done(CompletableFuture<MetadataResult> f) throws Exception {
        return f.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    }

    /** The system clock plus an offset the test moves forward. */
    private static final class JumpClock extends Clock {
        private final AtomicLong offset = new AtomicLong();

        void jump(long millis) {
            offset.addAndGet(millis);
        }

        @Override
        public long millis() {
            return System.currentTimeMillis() + offset.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
