package io.brook.jepsen.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The harness picks broker ports below the kernel's ephemeral range, so that no outgoing connection
 * can hold one between the choice and the broker's bind (a CI run lost a broker start to that).
 */
class ListenPortsTest {

    private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    @Test
    void the_ephemeral_range_is_read_from_the_kernel_and_every_port_is_below_it() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(RANGE), "no " + RANGE + " here");
        int low = Integer.parseInt(Files.readAllLines(RANGE).get(0).trim().split("\\s+")[0]);
        Assumptions.assumeTrue(low - 10_000 >= 1_000, "the ephemeral range starts too low to choose below it: " + low);

        assertThat(ListenPorts.ephemeralLow()).isEqualTo(low);
        assertThat(java.util.Arrays.stream(ListenPorts.free(12)).boxed().toList()).doesNotHaveDuplicates()
                .allSatisfy(p -> assertThat(p).isBetween(10_000, low - 1));
    }
}
