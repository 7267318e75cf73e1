package io.brook.jepsen.history;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.InputStreamReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads a history file written in {@link HistoryFormat}, any version from {@link
 * HistoryFormat#OLDEST_READABLE_VERSION} to the current one, each line by its file's version. Strict: the header, every line and the index
 * sequence must be exactly right, and the first problem ends reading with a {@link
 * HistoryFormatException} naming the file and line (a torn last line after a crash included: the
 * history is then incomplete and a checker's verdict over it would mean nothing). Record values
 * equal to one read before share its instance: a value is typically read several times. Stateless.
 */
public final class HistoryReader {

    private HistoryReader() {}

    /** Every op of {@code file}, in index order. */
    public static List<Op> read(Path file) throws IOException {
        List<Op> ops = new ArrayList<>();
        forEach(file, ops::add);
        return ops;
    }

    /** Every op of {@code in}; {@code source} names it in errors. Does not close {@code in}. */
    public static List<Op> read(Reader in, String source) throws IOException {
        List<Op> ops = new ArrayList<>();
        forEach(in, source, ops::add);
        return ops;
    }

    /** Streams the ops of {@code file} to {@code sink} in index order, holding none of them. */
    public static void forEach(Path file, Consumer<Op> sink) throws IOException {
        try (Reader in = HistoryFiles.isCompressed(file)
                ? new InputStreamReader(new GZIPInputStream(Files.newInputStream(file), 1 << 16),
                        StandardCharsets.UTF_8.newDecoder())
                : Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            forEach(in, file.toString(), sink);
        }
    }

    /** Streams the ops of {@code in} to {@code sink}. Does not close {@code in}. */
    public static void forEach(Reader in, String source, Consumer<Op> sink) throws IOException {
        BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
        long lineNumber = 0;
        try {
            String line = lines.readLine();
            lineNumber = 1;
            if (line == null) {
                throw new HistoryFormatException(source, lineNumber, "empty file: expected the header "
                        + HistoryFormat.HEADER, null);
            }
            int version = parseHeader(source, line);
            long expectedIndex = 0;
            Map<String, String> values = new HashMap<>();
            while ((line = lines.readLine()) != null) {
                lineNumber++;
                Op op = parseOp(source, lineNumber, line, values, version);
                if (op.index() != expectedIndex) {
                    throw new HistoryFormatException(source, lineNumber, "index " + op.index() + " out of sequence"
                            + " (expected " + expectedIndex + ")", null);
                }
                expectedIndex++;
                sink.accept(op);
            }
        } catch (CharacterCodingException e) {
            throw new HistoryFormatException(source, lineNumber + 1, "not valid UTF-8", e);
        } catch (EOFException e) {
            // a gzip stream cut before its trailer: a torn tail, like a torn last line
            throw new HistoryFormatException(source, lineNumber + 1, "the compressed file ends early: "
                    + "the history is incomplete", e);
        }
    }

    private static int parseHeader(String source, String line) throws HistoryFormatException {
        try {
            return HistoryFormat.checkHeader(line);
        } catch (JsonException e) {
            throw new HistoryFormatException(source, 1, e.getMessage(), e);
        }
    }

    private static Op parseOp(String source, long lineNumber, String line, Map<String, String> values, int version)
            throws HistoryFormatException {
        if (line.isBlank()) {
            throw new HistoryFormatException(source, lineNumber, "empty line", null);
        }
        try {
            return HistoryFormat.decode(line, values, version);
        } catch (JsonException e) {
            throw new HistoryFormatException(source, lineNumber, e.getMessage(), e);
        }
    }
}
