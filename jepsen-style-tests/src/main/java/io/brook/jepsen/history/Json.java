package io.brook.jepsen.history;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small JSON codec, enough for histories and run summaries and no more, so that the harness needs
 * no JSON library. Values map as: object ↔ {@link Map} with string keys (read back insertion-ordered),
 * array ↔ {@link List} (or any {@link Iterable} when writing), string ↔ {@link String}, integer ↔
 * {@link Long} (any integral {@link Number} when writing), other number ↔ {@link Double}, {@code
 * true}/{@code false} ↔ {@link Boolean}, {@code null} ↔ {@code null}. Writing anything else writes
 * its {@code toString()} as a string; non-finite doubles are written as {@code null}.
 *
 * <p>Parsing is strict: one value, only whitespace around it, no trailing commas, no duplicate field
 * names, no unescaped control characters. Errors are {@link JsonException}s naming the column.
 * Stateless and thread-safe.
 */
public final class Json {

    private Json() {}

    /** Parses one JSON value. */
    public static Object parse(String text) {
        JsonReader reader = new JsonReader(text);
        Object value = reader.readValue();
        reader.expectEnd();
        return value;
    }

    /** The value as compact JSON on one line. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, -1, 0);
        return out.toString();
    }

    /** The value as JSON indented by two spaces per level, ending with a newline, for files people read. */
    public static String writePretty(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 2, 0);
        return out.append('\n').toString();
    }

    /** Appends {@code s} as a JSON string, quoted and escaped. */
    public static void writeString(String s, StringBuilder out) {
        out.append('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20 || isLoneSurrogate(s, i)) {
                        // Lone surrogates would not survive UTF-8; the escape keeps the string exact.
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private static boolean isLoneSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }

    private static void write(Object value, StringBuilder out, int indent, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(s, out);
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            out.append(Double.isFinite(d) ? Double.toString(d) : "null");
        } else if (value instanceof Number n) {
            out.append(n.toString());
        } else if (value instanceof Map<?, ?> map) {
            writeObject(map, out, indent, depth);
        } else if (value instanceof Iterable<?> list) {
            writeArray(list, out, indent, depth);
        } else {
            writeString(value.toString(), out);
        }
    }

    private static void writeObject(Map<?, ?> map, StringBuilder out, int indent, int depth) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            newline(out, indent, depth + 1);
            writeString(String.valueOf(e.getKey()), out);
            out.append(indent < 0 ? ":" : ": ");
            write(e.getValue(), out, indent, depth + 1);
        }
        if (!first) {
            newline(out, indent, depth);
        }
        out.append('}');
    }

    private static void writeArray(Iterable<?> list, StringBuilder out, int indent, int depth) {
        // Arrays of short scalars stay on one line when pretty-printing: [name, start, end] reads better.
        boolean flat = indent < 0 || allShortScalars(list);
        out.append('[');
        Iterator<?> it = list.iterator();
        boolean first = true;
        while (it.hasNext()) {
            if (!first) {
                out.append(flat && indent >= 0 ? ", " : ",");
            }
            first = false;
            if (!flat) {
                newline(out, indent, depth + 1);
            }
            write(it.next(), out, indent, depth + 1);
        }
        if (!first && !flat) {
            newline(out, indent, depth);
        }
        out.append(']');
    }

    private static boolean allShortScalars(Iterable<?> list) {
        for (Object o : list) {
            if (o instanceof Map || o instanceof Iterable || (o instanceof String s && s.length() > 40)) {
                return false;
            }
        }
        return true;
    }

    private static void newline(StringBuilder out, int indent, int depth) {
        if (indent >= 0) {
            out.append('\n');
            out.append(" ".repeat(indent * depth));
        }
    }
}
