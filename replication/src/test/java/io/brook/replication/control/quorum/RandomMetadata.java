package io.brook.replication.control.quorum;

import io.brook.replication.control.BrokerRegistration;
import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.PartitionAssignment;
import io.brook.replication.control.Reassignment;
import io.brook.replication.control.TopicImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random commands and images for codec property tests (unicode strings, empty collections, extremes). */
final class RandomMetadata {

    private final Random random;

    RandomMetadata(long seed) {
        this.random = new Random(seed);
    }

    MetadataCommand command() {
        switch (random.nextInt(9)) {
            case 0:
                return new MetadataCommand.RegisterBroker(new BrokerRegistration(anInt(), string(), anInt(), string(), string(), anInt()));
            case 1:
                return new MetadataCommand.Heartbeat(anInt());
            case 2:
                return new MetadataCommand.CreateTopic(string(), string(), anInt(), anInt(), configs(), random.nextBoolean(),
                        random.nextLong());
            case 3:
                return new MetadataCommand.DeleteTopic(string());
            case 4:
                List<String> delete = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    delete.add(string());
                }
                return new MetadataCommand.AlterTopic(string(), anInt(), configs(), delete, random.nextBoolean(), random.nextLong());
            case 5:
                return new MetadataCommand.AllocateProducerIds(anInt());
            case 6: {
                List<Reassignment> moves = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    moves.add(new Reassignment(string(), anInt(), ids(), random.nextLong()));
                }
                return new MetadataCommand.ReassignPartitions(moves, random.nextBoolean());
            }
            case 7:
                return new MetadataCommand.CompleteReassignment(string(), anInt(), string(), ids(), anInt(), anInt());
            default:
                return new MetadataCommand.ReportLeader(string(), anInt(), anInt(), anInt());
        }
    }

    /** A replica list of 1 to 3 ids. */
    private List<Integer> ids() {
        List<Integer> ids = new ArrayList<>();
        for (int r = 1 + random.nextInt(3); r > 0; r--) {
            ids.add(random.nextInt(1000));
        }
        return ids;
    }

    List<MetadataCommand> commands() {
        List<MetadataCommand> commands = new ArrayList<>();
        for (int i = 1 + random.nextInt(20); i > 0; i--) {
            commands.add(command());
        }
        return commands;
    }

    MetadataImage image() {
        Map<Integer, BrokerRegistration> brokers = new HashMap<>();
        Map<Integer, Long> heartbeats = new HashMap<>();
        for (int i = random.nextInt(6); i > 0; i--) {
            int id = random.nextInt(1000);
            brokers.put(id, new BrokerRegistration(id, string(), random.nextInt(65536), string(), string(), random.nextInt(65536)));
            heartbeats.put(id, random.nextLong() & Long.MAX_VALUE);
        }
        Map<String, TopicImage> topics = new HashMap<>();
        for (int i = random.nextInt(6); i > 0; i--) {
            String name = string();
            List<PartitionAssignment> partitions = new ArrayList<>();
            for (int p = random.nextInt(8); p > 0; p--) {
                List<Integer> replicas = new ArrayList<>();
                for (int r = random.nextInt(4); r > 0; r--) {
                    replicas.add(random.nextInt(1000));
                }
                List<Integer> target = random.nextInt(3) == 0 ? ids() : List.of();
                partitions.add(new PartitionAssignment(partitions.size(), replicas, random.nextInt(5) - 1, random.nextInt(9) - 1,
                        target, target.isEmpty() ? 0 : random.nextLong() & Long.MAX_VALUE));
            }
            topics.put(name, new TopicImage(name, string(), random.nextInt(4), configs(), partitions));
        }
        Map<Integer, Long> blocks = new HashMap<>();
        for (int b : brokers.keySet()) {
            if (random.nextBoolean()) {
                blocks.put(b, (long) random.nextInt(1_000_000) * MetadataImage.PRODUCER_ID_BLOCK_SIZE);
            }
        }
        return new MetadataImage(random.nextLong() & Long.MAX_VALUE, brokers, heartbeats, topics, random.nextLong(),
                random.nextLong() & Long.MAX_VALUE, blocks);
    }

    private Map<String, String> configs() {
        Map<String, String> m = new HashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            m.put(string(), string());
        }
        return m;
    }

    private int anInt() {
        switch (random.nextInt(4)) {
            case 0:
                return Integer.MIN_VALUE + random.nextInt(2);
            case 1:
                return Integer.MAX_VALUE - random.nextInt(2);
            default:
                return random.nextInt(2000) - 1000;
        }
    }

    String string() {
        int n = random.nextInt(12);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(10);
            b.append(kind == 0 ? '\u00e9' : kind == 1 ? '\u6f22' : (char) ('a' + random.nextInt(26)));
        }
        if (random.nextInt(20) == 0) {
            b.appendCodePoint(0x1F600);
        }
        return b.toString();
    }
}
