package io.brook.broker.partition;

import io.brook.storage.ChecksummedFile;
import io.brook.storage.DamagedFileException;
import io.brook.storage.DamagedFileException.Problem;
import io.brook.storage.DurableFiles;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code topic.id}: the incarnation of a topic that a partition's log directory belongs to, so that
 * a directory left over from a deleted topic is never taken for a new topic of the same name.
 *
 * <table>
 * <caption>Layout (big-endian; the {@link ChecksummedFile} envelope, magic {@code BTID}, version 1)</caption>
 * <tr><th>Offset</th><th>Field</th><th>Type</th></tr>
 * <tr><td>0</td><td>magic {@code 0x42544944} ("BTID")</td><td>int32</td></tr>
 * <tr><td>4</td><td>format version (1)</td><td>int16</td></tr>
 * <tr><td>6</td><td>length n of the topic id</td><td>int32</td></tr>
 * <tr><td>10</td><td>topic id as the controller assigned it, UTF-8 (a UUID: n = 36)</td><td>n bytes</td></tr>
 * <tr><td>10+n</td><td>CRC32C of bytes 0 to 10+n</td><td>int32</td></tr>
 * </table>
 *
 * <p>Before version 1 the file held the topic id as plain text, written without fsync; such a file
 * reads as {@link Kind#LEGACY} when it holds exactly one UUID. Written with
 * {@link DurableFiles#replace} (temporary file, fsync, rename, fsync the directory) before any
 * segment of the directory exists. Reading tells apart: no file, an empty file (what the old,
 * non-durable write left after a power loss), a valid file, a legacy file, and damage (a
 * {@link DamagedFileException}: cut short, wrong magic and not a legacy id, newer version, CRC
 * mismatch, or an id that is not UTF-8). {@link PartitionDirectory} decides what each case means.
 * Stateless; called on the partition's owner thread.
 */
final class TopicIdFile {

    static final String NAME = "topic.id";
    static final int MAGIC = 0x42544944; // "BTID"
    static final short VERSION = 1;

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** What a directory's file says. */
    enum Kind {
        /** There is no file. */
        ABSENT,
        /** The file has 0 bytes. */
        EMPTY,
        /** A valid file of a version this build reads. */
        CURRENT,
        /** The pre-version-1 plain-text UUID. */
        LEGACY
    }

    /** @param topicId the id, or {@code null} for {@link Kind#ABSENT} and {@link Kind#EMPTY} */
    record Contents(Kind kind, String topicId) {}

    private TopicIdFile() {}

    static Path path(Path dir) {
        return dir.resolve(NAME);
    }

    /**
     * Reads the file of a partition directory.
     *
     * @throws DamagedFileException when the file exists but is neither valid, legacy nor empty
     */
    static Contents read(Path dir) {
        ChecksummedFile file = new ChecksummedFile(path(dir), MAGIC, VERSION);
        Optional<ChecksummedFile.Content> content;
        try {
            content = file.read();
        } catch (DamagedFileException e) {
            if (e.problem() == Problem.EMPTY) {
                return new Contents(Kind.EMPTY, null);
            }
            if (e.problem() == Problem.WRONG_KIND || e.problem() == Problem.TRUNCATED) {
                String legacy = legacyId(file.path());
                if (legacy != null) {
                    return new Contents(Kind.LEGACY, legacy);
                }
            }
            throw e;
        }
        if (content.isEmpty()) {
            return new Contents(Kind.ABSENT, null);
        }
        ByteBuffer payload = content.get().payload();
        String id;
        try {
            id = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(payload).toString();
        } catch (CharacterCodingException e) {
            throw new DamagedFileException(file.path(), Problem.BAD_CONTENT, "the topic id is not UTF-8 text");
        }
        if (id.isEmpty()) {
            throw new DamagedFileException(file.path(), Problem.BAD_CONTENT, "the topic id is empty");
        }
        return new Contents(Kind.CURRENT, id);
    }

    /** Writes {@code topicId} to the directory's file, durably. */
    static void write(Path dir, String topicId) {
        if (topicId.isEmpty()) {
            throw new IllegalArgumentException("a topic id must not be empty");
        }
        new ChecksummedFile(path(dir), MAGIC, VERSION).write(ByteBuffer.wrap(topicId.getBytes(StandardCharsets.UTF_8)));
    }

    /** The UUID a pre-version-1 file holds (surrounding white space allowed), or {@code null}. */
    private static String legacyId(Path file) {
        byte[] bytes = DurableFiles.read(file).orElse(new byte[0]);
        if (bytes.length > 64) {
            return null;
        }
        String text = new String(bytes, StandardCharsets.US_ASCII).strip();
        return UUID.matcher(text).matches() ? text : null;
    }
}
