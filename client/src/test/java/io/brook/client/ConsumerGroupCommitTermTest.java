package io.brook.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.brook.client.internal.consumer.group.Reconciler;
import io.brook.client.testing.FakeCluster;
import io.brook.client.testing.TestClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A group member resuming from a committed offset checks the commit's Raft term with the
 * partition's leader: records truncated away by a leader change are reported, not skipped over.
 */
class ConsumerGroupCommitTermTest {

    private static final String TOPIC = "t";
    private static final String GROUP = "terms";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

    private FakeCluster cluster;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger reconcilerLog = (Logger) LoggerFactory.getLogger(Reconciler.class);

    @BeforeEach
    void start() {
        cluster = FakeCluster.start(1);
        cluster.createTopic(TOPIC, 1);
        // given a log of 60 records whose leader wrote term 1 at [0, 20), term 2 at [20, 40), term 3 from 40
        try (Producer producer = new Producer(TestClients.producer(cluster).build())) {
            for (int i = 0; i < 60; i++) {
                producer.send(new ProducerRecord(TOPIC, 0, null, null, ("v" + i).getBytes(), null));
            }
            producer.flush();
        }
        cluster.setTermStarts(TOPIC, 0, Map.of(1, 0L, 2, 20L, 3, 40L));
        logged.start();
        reconcilerLog.addAppender(logged);
    }

    @AfterEach
    void stop() {
        reconcilerLog.detachAppender(logged);
        cluster.close();
    }

    private Consumer subscribed(OffsetResetStrategy reset) {
        Consumer consumer = new Consumer(TestClients.consumer(cluster).groupId(GROUP).autoOffsetReset(reset).build());
        consumer.subscribe(List.of(TOPIC));
        return consumer;
    }

    @Test
    void aCommitTruncatedAwayMakesPollThrowWithResetNone() {
        // given a commit at 50 in term 2, which the leader's log ends at 40
        cluster.commit(GROUP, P0, 50, 2);
        try (Consumer consumer = subscribed(OffsetResetStrategy.NONE)) {
            // when polling: then the consumer is told which partition, the commit and where the log diverges
            LogTruncationException e = pollUntilThrown(consumer);
            assertThat(e.divergentOffsets()).containsExactly(Map.entry(P0, 40L));
            assertThat(e.committed()).containsExactly(Map.entry(P0, new OffsetAndMetadata(50, 2, "")));
            assertThat(e.getMessage()).contains("t-0", "50", "term 2", "40");

            // and every poll says so again until the application seeks the partition
            assertThatThrownBy(() -> consumer.poll(Duration.ofMillis(10))).isInstanceOf(LogTruncationException.class);
            consumer.seek(P0, e.divergentOffsets().get(P0));
            List<ConsumerRecord> records = TestClients.pollUntil(consumer, 20, Duration.ofSeconds(20));
            assertThat(records.get(0).offset()).isEqualTo(40L);
        }
    }

    @Test
    void withResetEarliestATruncatedCommitResumesAtTheDivergentOffsetWithAWarning() {
        resumesAtTheDivergentOffset(OffsetResetStrategy.EARLIEST);
    }

    @Test
    void withResetLatestATruncatedCommitResumesAtTheDivergentOffsetWithAWarning() {
        resumesAtTheDivergentOffset(OffsetResetStrategy.LATEST);
    }

    private void resumesAtTheDivergentOffset(OffsetResetStrategy reset) {
        cluster.commit(GROUP, P0, 50, 2);
        try (Consumer consumer = subscribed(reset)) {
            List<ConsumerRecord> records = TestClients.pollUntil(consumer, 20, Duration.ofSeconds(20));

            assertThat(records).extracting(ConsumerRecord::offset).startsWith(40L, 41L);
            assertThat(warnings()).anySatisfy(m -> assertThat(m).contains("50", "term 2", "t-0", "resuming at 40"));
        }
    }

    @Test
    void aCommitWhoseTermReachesItResumesThere() {
        // a commit at 35 in term 2, which ends at 40: the records before 35 are still there
        assertResumesAtTheCommit(35, 2);
    }

    @Test
    void aCommitAtTheEndOfItsTermIsValid() {
        assertResumesAtTheCommit(40, 2);
    }

    @Test
    void aCommitWithoutATermIsNotChecked() {
        assertResumesAtTheCommit(50, -1);
    }

    private void assertResumesAtTheCommit(long offset, int term) {
        cluster.commit(GROUP, P0, offset, term);
        try (Consumer consumer = subscribed(OffsetResetStrategy.NONE)) {
            int rest = (int) (60 - offset);
            List<ConsumerRecord> records = TestClients.pollUntil(consumer, rest, Duration.ofSeconds(20));

            assertThat(records).hasSize(rest);
            assertThat(records.get(0).offset()).isEqualTo(offset);
            assertThat(warnings()).isEmpty();
        }
    }

    private static LogTruncationException pollUntilThrown(Consumer consumer) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                assertThat(consumer.poll(Duration.ofMillis(20)).isEmpty())
                        .as("no record may be returned from a truncated commit").isTrue();
            } catch (LogTruncationException e) {
                return e;
            }
        }
        throw new AssertionError("poll did not throw LogTruncationException within 20 s");
    }

    private List<String> warnings() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }
}
