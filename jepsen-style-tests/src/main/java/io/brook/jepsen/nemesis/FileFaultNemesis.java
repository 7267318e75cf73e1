package io.brook.jepsen.nemesis;

import io.brook.jepsen.db.BrokerProcess;
import io.brook.jepsen.db.ReplicaLogReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Damage to a minority node's files, as a disk or file system that loses or garbles recent writes
 * would do: start kills -9 one random broker; stop damages the newest segment of each of its replicas
 * of the topic, then restarts it, so that its recovery must find the damage and the replica must
 * catch up from the others.
 * <ul>
 * <li>{@code truncate-tail}: cuts a random 1 byte to 64 KiB off the end of the segment;</li>
 * <li>{@code bitflip-tail}: flips 1 to 8 random bits in its last 64 KiB.</li>
 * </ul>
 * The 16-byte segment header is never touched: the fault is a lost or garbled tail, not a foreign file.
 */
public final class FileFaultNemesis implements Nemesis {

    static final int SEGMENT_HEADER_BYTES = 16;
    static final int TAIL_BYTES = 64 * 1024;

    private final boolean truncate;
    private BrokerProcess victim;
    private int struck = -1;

    public FileFaultNemesis(boolean truncate) {
        this.truncate = truncate;
    }

    @Override
    public String name() {
        return truncate ? "truncate-tail" : "bitflip-tail";
    }

    @Override
    public String start(FaultContext ctx) {
        victim = ctx.randomBroker();
        struck = victim.id();
        victim.kill();
        return "kill -9 broker " + victim.id() + ", then " + (truncate ? "truncate" : "flip bits in")
                + " the tail of its newest segments";
    }

    @Override
    public void stop(FaultContext ctx) throws IOException {
        if (victim == null) {
            return;
        }
        List<String> done = new ArrayList<>();
        for (int p = 0; p < ctx.partitions(); p++) {
            Optional<Path> newest = newestSegment(victim.dataDir().resolve("logs").resolve(ctx.topic() + "-" + p));
            if (newest.isPresent()) {
                done.add("p" + p + ": " + (truncate ? truncate(newest.get(), ctx) : flip(newest.get(), ctx)));
            }
        }
        System.out.println("nemesis " + name() + " on broker " + victim.id() + ": " + String.join("; ", done));
        ctx.restart(victim);
        victim = null;
    }

    @Override
    public Set<Integer> victims() {
        return struck < 0 ? Set.of() : Set.of(struck);
    }

    static Optional<Path> newestSegment(Path dir) {
        List<Path> segments = ReplicaLogReader.segments(dir);
        return segments.isEmpty() ? Optional.empty() : Optional.of(segments.get(segments.size() - 1));
    }

    private static String truncate(Path segment, FaultContext ctx) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long room = Math.min(TAIL_BYTES, size - SEGMENT_HEADER_BYTES);
            if (room <= 0) {
                return "empty";
            }
            long cut = 1 + ctx.random().nextInt((int) room);
            ch.truncate(size - cut);
            return "cut " + cut + " of " + size + " bytes";
        }
    }

    private static String flip(Path segment, FaultContext ctx) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long room = Math.min(TAIL_BYTES, size - SEGMENT_HEADER_BYTES);
            if (room <= 0) {
                return "empty";
            }
            int flips = 1 + ctx.random().nextInt(8);
            List<Long> at = new ArrayList<>();
            ByteBuffer one = ByteBuffer.allocate(1);
            for (int i = 0; i < flips; i++) {
                long pos = size - 1 - ctx.random().nextInt((int) room);
                one.clear();
                if (ch.read(one, pos) != 1) {
                    throw new UncheckedIOException(new IOException("short read of " + segment + " at " + pos));
                }
                one.put(0, (byte) (one.get(0) ^ (1 << ctx.random().nextInt(8))));
                one.rewind();
                ch.write(one, pos);
                at.add(pos);
            }
            return "flipped bits at " + at + " of " + size + " bytes";
        }
    }
}
