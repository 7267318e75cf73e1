package io.brook.jepsen.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpProxyTest {

    private ServerSocket echo;
    private Thread echoThread;
    private TcpProxy proxy;

    @BeforeEach
    void startEcho() throws Exception {
        echo = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        echoThread = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread t = new Thread(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            byte[] buf = new byte[4096];
                            int n;
                            while ((n = in.read(buf)) > 0) {
                                out.write(buf, 0, n);
                                out.flush();
                            }
                        } catch (Exception ignored) {
                            // connection closed
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                } catch (Exception e) {
                    return;
                }
            }
        });
        echoThread.setDaemon(true);
        echoThread.start();
        proxy = new TcpProxy();
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        echo.close();
        echoThread.join(5_000);
    }

    private static String roundTrip(Socket s, String text) throws Exception {
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        byte[] got = s.getInputStream().readNBytes(text.length());
        return new String(got, StandardCharsets.UTF_8);
    }

    @Test
    void forwards_bytes_both_ways_and_a_blocked_link_holds_them_until_unblocked() throws Exception {
        TcpProxy.Link link = proxy.open("a->b", new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort()));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), link.port())) {
            s.setSoTimeout(10_000);
            assertThat(roundTrip(s, "hello")).isEqualTo("hello");

            link.block();
            s.getOutputStream().write("held".getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            s.setSoTimeout(300);
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

            link.unblock();
            s.setSoTimeout(10_000);
            assertThat(new String(s.getInputStream().readNBytes(4), StandardCharsets.UTF_8)).isEqualTo("held");
            assertThat(roundTrip(s, "again")).isEqualTo("again");
        }
    }

    @Test
    void a_connection_opened_while_blocked_carries_nothing_until_the_heal() throws Exception {
        TcpProxy.Link link = proxy.open("a->b", new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort()));
        link.block();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), link.port())) {
            s.getOutputStream().write("late".getBytes(StandardCharsets.UTF_8));
            s.setSoTimeout(300);
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            link.unblock();
            s.setSoTimeout(10_000);
            assertThat(new String(s.getInputStream().readNBytes(4), StandardCharsets.UTF_8)).isEqualTo("late");
        }
    }

    @Test
    void a_network_cuts_exactly_the_links_of_the_isolated_node() throws Exception {
        int port = echo.getLocalPort();
        try (Network net = new Network(java.util.Map.of(1, port, 2, port, 3, port))) {
            String peers = net.peerAddresses(1);
            assertThat(peers).matches("2@127\\.0\\.0\\.1:\\d+,3@127\\.0\\.0\\.1:\\d+");
            int to2 = Integer.parseInt(peers.split(",")[0].split(":")[1]);
            int to3 = Integer.parseInt(peers.split(",")[1].split(":")[1]);
            net.isolate(2);
            try (Socket a = new Socket(InetAddress.getLoopbackAddress(), to2);
                 Socket b = new Socket(InetAddress.getLoopbackAddress(), to3)) {
                b.setSoTimeout(10_000);
                assertThat(roundTrip(b, "1 to 3")).isEqualTo("1 to 3");
                a.getOutputStream().write('x');
                a.setSoTimeout(300);
                assertThatThrownBy(() -> a.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
                net.heal();
                a.setSoTimeout(10_000);
                assertThat(a.getInputStream().read()).isEqualTo('x');
            }
        }
    }
}
