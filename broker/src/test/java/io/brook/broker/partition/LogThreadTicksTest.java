package io.brook.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.broker.meta.LocalStore;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log thread that is behind skips Raft ticks instead of running the queued ones back to back: a
 * long burst (thousands of fsyncs) must not make its replicas count a second of ticks at once and
 * start elections together when it catches up.
 */
class LogThreadTicksTest {

    @TempDir
    Path dir;

    @Test
    void ticks_requested_while_the_thread_is_busy_run_once() throws Exception {
        try (LocalStore store = LocalStore.open(dir.resolve("meta"));
             LogThread thread = new LogThread("brook-log-test", System::currentTimeMillis, () -> { }, store, 86_400_000L)) {
            thread.start();
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            thread.execute(() -> {
                busy.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            busy.await(10, TimeUnit.SECONDS);
            long before = thread.ticksRun();

            for (int i = 0; i < 10; i++) {
                thread.requestTick();
            }
            release.countDown();

            await().atMost(10, TimeUnit.SECONDS).until(() -> thread.ticksRun() == before + 1);
            CountDownLatch drained = new CountDownLatch(1);
            thread.execute(drained::countDown);
            assertThat(drained.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(thread.ticksRun()).as("ticks run after 10 requests during one busy task").isEqualTo(before + 1);

            thread.requestTick();
            await().atMost(10, TimeUnit.SECONDS).until(() -> thread.ticksRun() == before + 2);
        }
    }
}
