package io.brook.jepsen.nemesis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * TCP forwarders on 127.0.0.1 whose traffic the harness can stall: each {@link Link} listens on an
 * ephemeral port and forwards every connection it accepts to one target address, byte for byte.
 *
 * <p>A {@linkplain Link#block() blocked} link stops moving bytes in both directions, like a network
 * that drops every packet while the hosts stay up: connections stay open, writes pile up in the
 * socket buffers, nothing arrives, and senders see only time-outs. New connections are accepted and
 * dialled through, but carry nothing until the link is {@linkplain Link#unblock() unblocked}; then the
 * bytes held back flow again in order, as TCP would deliver them after a partition heals.
 *
 * <p>One selector thread owns every socket and buffer; other threads change a link's state through
 * tasks that the thread runs, and {@code block}/{@code unblock} return once the change is in force.
 */
public final class TcpProxy implements AutoCloseable {

    private static final int BUFFER_BYTES = 64 * 1024;

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Link> links = new ArrayList<>();
    private volatile boolean running = true;

    public TcpProxy() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        thread = new Thread(this::loop, "brook-jepsen-proxy");
        thread.setDaemon(true);
        thread.start();
    }

    /** Opens a link to {@code target}; it forwards (unblocked) as soon as this returns. */
    public Link open(String name, InetSocketAddress target) {
        try {
            ServerSocketChannel server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.configureBlocking(false);
            Link link = new Link(name, server, target);
            run(() -> {
                try {
                    server.register(selector, SelectionKey.OP_ACCEPT, link);
                    links.add(link);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return link;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a proxy listener for " + name, e);
        }
    }

    /** Runs {@code task} on the selector thread and waits for it. */
    private void run(Runnable task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        selector.wakeup();
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("proxy task failed", e);
        }
    }

    private void loop() {
        while (running) {
            try {
                selector.select(500);
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                Set<SelectionKey> keys = selector.selectedKeys();
                for (SelectionKey key : keys) {
                    handle(key);
                }
                keys.clear();
            } catch (IOException | RuntimeException e) {
                if (running) {
                    System.err.println("proxy: " + e);
                }
            }
        }
    }

    private void handle(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.attachment() instanceof Link link) {
            accept(link);
            return;
        }
        End end = (End) key.attachment();
        Pipe pipe = end.pipe;
        try {
            if (key.isConnectable()) {
                pipe.up.finishConnect();
                pipe.connected = true;
            }
            if (key.isValid() && key.isReadable()) {
                ByteBuffer into = end.down ? pipe.toUp : pipe.toDown;
                if (end.channel().read(into) < 0) {
                    pipe.close();
                    return;
                }
            }
            if (key.isValid() && key.isWritable()) {
                ByteBuffer from = end.down ? pipe.toDown : pipe.toUp;
                from.flip();
                end.channel().write(from);
                from.compact();
            }
            pipe.updateInterest();
        } catch (IOException e) {
            pipe.close();
        }
    }

    private void accept(Link link) {
        try {
            SocketChannel down;
            while ((down = link.server.accept()) != null) {
                down.configureBlocking(false);
                SocketChannel up = SocketChannel.open();
                up.configureBlocking(false);
                Pipe pipe = new Pipe(link, down, up);
                pipe.downKey = down.register(selector, 0, new End(pipe, true));
                pipe.upKey = up.register(selector, 0, new End(pipe, false));
                link.pipes.add(pipe);
                try {
                    pipe.connected = up.connect(link.target);
                } catch (IOException e) {
                    pipe.close();
                    continue;
                }
                pipe.updateInterest();
            }
        } catch (IOException e) {
            System.err.println("proxy " + link.name + ": accept failed: " + e);
        }
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        try {
            run(() -> {
                for (Link l : links) {
                    l.closeAll();
                }
            });
        } finally {
            running = false;
            selector.wakeup();
            try {
                thread.join(5_000);
                selector.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** One direction of the network between two nodes: connections from the source to one target. */
    public final class Link {
        private final String name;
        private final ServerSocketChannel server;
        private final InetSocketAddress target;
        private final Set<Pipe> pipes = new HashSet<>();
        private boolean blocked;

        private Link(String name, ServerSocketChannel server, InetSocketAddress target) {
            this.name = name;
            this.server = server;
            this.target = target;
        }

        public String name() {
            return name;
        }

        /** The port this link listens on (127.0.0.1). */
        public int port() {
            return server.socket().getLocalPort();
        }

        /** Stops all traffic on this link, in both directions of every connection; returns when in force. */
        public void block() {
            setBlocked(true);
        }

        /** Lets the traffic flow again, held-back bytes first. */
        public void unblock() {
            setBlocked(false);
        }

        private void setBlocked(boolean value) {
            run(() -> {
                blocked = value;
                for (Pipe p : List.copyOf(pipes)) {
                    p.updateInterest();
                }
            });
        }

        private void closeAll() {
            for (Pipe p : List.copyOf(pipes)) {
                p.close();
            }
            try {
                server.close();
            } catch (IOException ignored) {
                // best effort
            }
        }

        @Override
        public String toString() {
            return name + " (:" + port() + " -> " + target.getPort() + (blocked ? ", blocked" : "") + ")";
        }
    }

    /** One proxied connection: the accepted socket ({@code down}) and the one dialled to the target ({@code up}). */
    private static final class Pipe {
        final Link link;
        final SocketChannel down;
        final SocketChannel up;
        final ByteBuffer toUp = ByteBuffer.allocateDirect(BUFFER_BYTES);
        final ByteBuffer toDown = ByteBuffer.allocateDirect(BUFFER_BYTES);
        SelectionKey downKey;
        SelectionKey upKey;
        boolean connected;
        boolean closed;

        Pipe(Link link, SocketChannel down, SocketChannel up) {
            this.link = link;
            this.down = down;
            this.up = up;
        }

        /** Buffers are kept in write mode: pending bytes lie between 0 and position. */
        void updateInterest() {
            if (closed) {
                return;
            }
            int downOps = 0;
            int upOps = connected ? 0 : SelectionKey.OP_CONNECT;
            if (connected && !link.blocked) {
                downOps |= toUp.hasRemaining() ? SelectionKey.OP_READ : 0;
                downOps |= toDown.position() > 0 ? SelectionKey.OP_WRITE : 0;
                upOps |= toDown.hasRemaining() ? SelectionKey.OP_READ : 0;
                upOps |= toUp.position() > 0 ? SelectionKey.OP_WRITE : 0;
            }
            downKey.interestOps(downOps);
            upKey.interestOps(upOps);
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            link.pipes.remove(this);
            for (SocketChannel c : new SocketChannel[] {down, up}) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    /** Which side of a pipe a selection key belongs to. */
    private record End(Pipe pipe, boolean down) {
        SocketChannel channel() {
            return down ? pipe.down : pipe.up;
        }
    }
}
