package io.brook.jepsen.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for brokers that are chosen now and bound later (after a file-system mount, and again on
 * every restart): taken below the kernel's ephemeral range, so that no outgoing connection (whose
 * source port the kernel picks from that range) can hold one of them when its broker binds. A port
 * from {@code new ServerSocket(0)} is in that range, and a CI run lost a broker start to exactly that
 * ("Address already in use"). Each port is checked free by binding it on loopback.
 */
final class ListenPorts {

    private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    private static final int TRIES = 500;

    private ListenPorts() {}

    /** {@code n} distinct ports free on loopback now, below the ephemeral range when it is known. */
    static int[] free(int n) {
        int high = ephemeralLow();
        int[] ports = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = high - LOWEST >= 1_000 ? bindBelow(high) : null;
                if (s == null) {
                    s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                }
                held.add(s);
                ports[i] = s.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // best effort: the port is free again either way
                }
            }
        }
        return ports;
    }

    private static ServerSocket bindBelow(int high) {
        for (int t = 0; t < TRIES; t++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, high);
            try {
                return new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
            } catch (IOException taken) {
                // try another
            }
        }
        return null;
    }

    /**
     * The lowest ephemeral port (32768 when the kernel does not say). Read line by line: /proc files
     * report a size of 0, and {@code Files.readString} then returned only the first bytes ("3"), which
     * silently sent every port choice into the ephemeral range.
     */
    static int ephemeralLow() {
        try {
            List<String> lines = Files.readAllLines(RANGE);
            return Integer.parseInt(lines.get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
