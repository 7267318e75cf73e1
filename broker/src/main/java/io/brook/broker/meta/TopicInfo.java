package io.brook.broker.meta;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A topic as the broker knows it: name, id, partition count, replication factor and config
 * overrides. Immutable.
 *
 * <p>Stored encoding ({@link #encode()}): version int8 (1), name (modified UTF-8 with int16 length,
 * as {@code DataOutput.writeUTF}), id (same), partitions int32, replication factor int32, override
 * count int32, then per override key and value (writeUTF each). The record is a RocksDB value; the
 * database's own checksums protect it.
 *
 * @param id a random UUID given at creation, so that a re-created topic never mixes with the old one
 */
public record TopicInfo(String name, String id, int partitions, int replicationFactor, Map<String, String> configs) {

    private static final byte VERSION = 1;

    public TopicInfo {
        configs = Map.copyOf(configs);
    }

    public TopicInfo withPartitions(int n) {
        return new TopicInfo(name, id, n, replicationFactor, configs);
    }

    public TopicInfo withConfigs(Map<String, String> c) {
        return new TopicInfo(name, id, partitions, replicationFactor, c);
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(name);
            out.writeUTF(id);
            out.writeInt(partitions);
            out.writeInt(replicationFactor);
            Map<String, String> sorted = new TreeMap<>(configs);
            out.writeInt(sorted.size());
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a topic record this version understands */
    public static TopicInfo decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte v = in.readByte();
            if (v != VERSION) {
                throw new IllegalArgumentException("unsupported topic record version " + v);
            }
            String name = in.readUTF();
            String id = in.readUTF();
            int partitions = in.readInt();
            int rf = in.readInt();
            int n = in.readInt();
            if (n < 0 || n > 10_000) {
                throw new IllegalArgumentException("implausible config count " + n);
            }
            Map<String, String> configs = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                configs.put(in.readUTF(), in.readUTF());
            }
            return new TopicInfo(name, id, partitions, rf, configs);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated topic record", e);
        }
    }
}
