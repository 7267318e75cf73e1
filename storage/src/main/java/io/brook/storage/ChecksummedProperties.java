package io.brook.storage;

import io.brook.storage.DamagedFileException.Problem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A small properties file that people may read (and scripts may grep), replaced as a whole, with
 * a format version and a checksum: {@code brook cluster up}'s {@code cluster.properties}.
 *
 * <pre>
 * # one comment line, given by the owner of the file
 * format.version=2
 * key=value                      (the entries, in the caller's order, escaped as java.util.Properties does)
 * ...
 * checksum.crc32c=1a2b3c4d       (always the last line)
 * </pre>
 *
 * <p>The file is ISO-8859-1 text (non-ASCII characters are written as {@code \}{@code uXXXX}
 * escapes, so in practice ASCII) with {@code \n} line ends. The checksum is the CRC32C of every
 * byte before its line, as 8 lower-case hex digits. Files of a format version below
 * {@code firstChecksummedVersion} were written before checksums existed and are accepted without
 * one.
 *
 * <p>Written with {@link DurableFiles#replace}; reading tells absent (an empty {@link Optional}),
 * valid and damaged ({@link DamagedFileException}: empty, no checksum line, checksum mismatch,
 * unparsable, no or a too new {@code format.version}) apart. Stateless apart from its settings;
 * callers serialize writes of one file.
 */
public final class ChecksummedProperties {

    /** The key holding the format version (the first entry). */
    public static final String VERSION_KEY = "format.version";
    /** The key holding the checksum (the last line). */
    public static final String CHECKSUM_KEY = "checksum.crc32c";

    /** A valid file's content: its format version and its entries (without the two keys above). */
    public record Content(int version, Map<String, String> entries) {
        public Content {
            entries = Collections.unmodifiableMap(new TreeMap<>(entries));
        }
    }

    private final Path path;
    private final int version;
    private final int firstChecksummedVersion;
    private final String comment;

    /**
     * @param version the version {@link #write} writes, and the newest one {@link #read} accepts
     * @param firstChecksummedVersion the oldest version that carries a checksum
     * @param comment the comment written on the first line (one line, ASCII)
     */
    public ChecksummedProperties(Path path, int version, int firstChecksummedVersion, String comment) {
        if (version < firstChecksummedVersion || firstChecksummedVersion < 1) {
            throw new IllegalArgumentException("version " + version + " must carry a checksum (from version "
                    + firstChecksummedVersion + " on)");
        }
        if (comment.contains("\n") || comment.contains("\r")) {
            throw new IllegalArgumentException("the comment must be one line");
        }
        this.path = path;
        this.version = version;
        this.firstChecksummedVersion = firstChecksummedVersion;
        this.comment = comment;
    }

    public Path path() {
        return path;
    }

    /** Replaces the file with {@code entries} (written in their iteration order), durably. */
    public void write(Map<String, String> entries) {
        DurableFiles.replace(path, encode(entries));
    }

    /** The bytes of a file holding {@code entries}. */
    byte[] encode(Map<String, String> entries) {
        StringBuilder text = new StringBuilder();
        text.append("# ").append(comment).append('\n');
        text.append(line(VERSION_KEY, String.valueOf(version)));
        for (Map.Entry<String, String> e : entries.entrySet()) {
            if (e.getKey().equals(VERSION_KEY) || e.getKey().equals(CHECKSUM_KEY)) {
                throw new IllegalArgumentException(e.getKey() + " is written by " + ChecksummedProperties.class.getSimpleName());
            }
            text.append(line(e.getKey(), e.getValue()));
        }
        byte[] body = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] checksum = (CHECKSUM_KEY + "=" + String.format("%08x", ChecksummedFile.crc32c(body, body.length)) + "\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[body.length + checksum.length];
        System.arraycopy(body, 0, out, 0, body.length);
        System.arraycopy(checksum, 0, out, body.length, checksum.length);
        return out;
    }

    /** One {@code key=value} line, escaped exactly as {@link Properties#store(java.io.OutputStream, String)} does. */
    private static String line(String key, String value) {
        Properties one = new Properties();
        one.setProperty(key, value);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            one.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String l : out.toString(StandardCharsets.ISO_8859_1).split("\r?\n")) {
            if (!l.startsWith("#") && !l.isEmpty()) {
                return l + "\n";
            }
        }
        throw new IllegalStateException("Properties.store wrote no line for " + key);
    }

    /**
     * Reads and checks the file.
     *
     * @return empty when the file does not exist
     * @throws DamagedFileException when it exists but cannot be trusted
     */
    public Optional<Content> read() {
        Optional<byte[]> raw = DurableFiles.read(path);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = raw.get();
        if (bytes.length == 0) {
            throw damaged(Problem.EMPTY, "the file is empty (0 bytes)");
        }
        int end = bytes.length;
        if (bytes[end - 1] == '\n') {
            end--;
        }
        int lastLine = end;
        while (lastLine > 0 && bytes[lastLine - 1] != '\n') {
            lastLine--;
        }
        String last = new String(bytes, lastLine, end - lastLine, StandardCharsets.ISO_8859_1);
        String prefix = CHECKSUM_KEY + "=";
        if (!last.startsWith(prefix)) {
            Properties legacy = load(bytes, bytes.length);
            int v = versionOf(legacy);
            if (v < firstChecksummedVersion) {
                return Optional.of(content(v, legacy));
            }
            throw damaged(Problem.TRUNCATED, "its last line is not the " + CHECKSUM_KEY + " line (cut short?)");
        }
        String hex = last.substring(prefix.length()).trim();
        int computed = ChecksummedFile.crc32c(bytes, lastLine);
        if (!hex.matches("[0-9a-fA-F]{8}") || (int) Long.parseLong(hex, 16) != computed) {
            throw damaged(Problem.BAD_CHECKSUM, String.format("%s is '%s' but the content gives %08x", CHECKSUM_KEY, hex, computed));
        }
        Properties p = load(bytes, lastLine);
        return Optional.of(content(versionOf(p), p));
    }

    private Properties load(byte[] bytes, int length) {
        Properties p = new Properties();
        try {
            p.load(new ByteArrayInputStream(bytes, 0, length));
        } catch (IOException | IllegalArgumentException e) {
            throw damaged(Problem.BAD_CONTENT, "not a properties file: " + e.getMessage());
        }
        return p;
    }

    private int versionOf(Properties p) {
        String v = p.getProperty(VERSION_KEY);
        if (v == null) {
            throw damaged(Problem.BAD_CONTENT, "no " + VERSION_KEY + " line");
        }
        int parsed;
        try {
            parsed = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw damaged(Problem.BAD_CONTENT, VERSION_KEY + " is '" + v + "', not a number");
        }
        if (parsed < 1 || parsed > version) {
            throw damaged(Problem.UNSUPPORTED_VERSION, VERSION_KEY + " is " + parsed + ", but this build reads versions 1 to "
                    + version + (parsed > version ? " (written by a newer Brook?)" : ""));
        }
        return parsed;
    }

    private static Content content(int version, Properties p) {
        Map<String, String> entries = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            if (!k.equals(VERSION_KEY) && !k.equals(CHECKSUM_KEY)) {
                entries.put(k, p.getProperty(k));
            }
        }
        return new Content(version, entries);
    }

    private DamagedFileException damaged(Problem problem, String detail) {
        return new DamagedFileException(path, problem, detail);
    }
}
