package io.brook.replication.control.quorum;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Primitive fields shared by the control plane's byte formats: all integers big-endian
 * ({@link DataOutputStream}); a string is an int32 byte length followed by that many UTF-8 bytes; a
 * count is an int32 checked against a bound when read, so a malformed input fails instead of allocating.
 */
final class WireIo {

    /** The longest string a format may carry (config values included). */
    static final int MAX_STRING_BYTES = 1 << 20;

    private WireIo() {
    }

    /** Something that writes fields into a {@link DataOutputStream}. */
    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    /** Something that reads fields from a {@link DataInputStream}. */
    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    static byte[] encode(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * @throws IllegalArgumentException when {@code bytes} is truncated, malformed, or has bytes left over
     */
    static <T> T decode(byte[] bytes, String what, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            T value = reader.read(in);
            if (in.available() != 0) {
                throw new IllegalArgumentException("malformed " + what + ": " + in.available() + " bytes left over");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed " + what + ": " + e, e);
        }
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException("string of " + b.length + " bytes is longer than " + MAX_STRING_BYTES);
        }
        out.writeInt(b.length);
        out.write(b);
    }

    /** int32 length, then the bytes. */
    static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    /** What {@link #writeBytes} wrote; a length above {@value #MAX_STRING_BYTES} or beyond the input is refused. */
    static byte[] readBytes(DataInputStream in) throws IOException {
        int n = readCount(in, MAX_STRING_BYTES, "byte string length");
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    static String readString(DataInputStream in) throws IOException {
        int n = readCount(in, MAX_STRING_BYTES, "string length");
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    static int readCount(DataInputStream in, int max, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) {
            throw new IOException(what + " " + n + " is out of range 0.." + max);
        }
        return n;
    }

    /** Reads a version byte in {@code min..max}; refuses others. */
    static byte readVersion(DataInputStream in, int min, int max, String what) throws IOException {
        byte v = in.readByte();
        if (v < min || v > max) {
            throw new IOException("unsupported " + what + " format version " + v + " (this build reads " + min + " to " + max + ")");
        }
        return v;
    }

    static byte readVersion(DataInputStream in, int supported, String what) throws IOException {
        byte v = in.readByte();
        if (v != supported) {
            throw new IOException("unsupported " + what + " format version " + v + " (this build reads " + supported + ")");
        }
        return v;
    }
}
