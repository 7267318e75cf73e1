package io.brook.testcontainers;

import static org.awaitility.Awaitility.await;

import io.brook.client.Consumer;
import io.brook.client.ConsumerRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** What the container tests share: skipping where they cannot run, and reading records back. */
final class ContainerTests {

    private ContainerTests() {}

    /** Skips the test, printing why, when no Docker engine answers or the image is missing. */
    static void requireImage(String image) {
        String why = BrookImages.unavailableReason(image).orElse(null);
        if (why != null) {
            System.out.println("SKIPPED: " + why);
        }
        Assumptions.assumeTrue(why == null, why);
    }

    /** Polls until {@code into} holds {@code count} records (as value@offset), for at most a minute. */
    static void pollUntil(Consumer consumer, List<String> into, int count) {
        await().atMost(Duration.ofMinutes(1)).until(() -> {
            for (ConsumerRecord r : consumer.poll(Duration.ofMillis(200))) {
                into.add(BrookContainerTest.text(r));
            }
            return into.size() >= count;
        });
    }
}
