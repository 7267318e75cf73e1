package io.brook.jepsen.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict pull parser over one JSON text (RFC 8259): the caller asks for what it expects next and
 * gets a {@link JsonException} naming the column when the text holds something else. Decoding a
 * history line through it allocates only the values themselves. Not thread-safe: one per text.
 */
final class JsonReader {

    private final String text;
    private int pos;

    JsonReader(String text) {
        this.text = text;
    }

    int position() {
        return pos;
    }

    /** Skips whitespace and consumes {@code c}, or fails. */
    void expect(char c) {
        skipWhitespace();
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw error("expected '" + c + "' but found " + describeNext());
        }
        pos++;
    }

    /** Ends a list of members or elements: consumes {@code close}, or fails naming ',' too. */
    void expectEnd(char close) {
        skipWhitespace();
        if (pos >= text.length() || text.charAt(pos) != close) {
            throw error("expected ',' or '" + close + "' but found " + describeNext());
        }
        pos++;
    }

    /** Skips whitespace and consumes {@code c} if it is next. */
    boolean consume(char c) {
        skipWhitespace();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** Skips whitespace and tells whether {@code null} is next, consuming it if so. */
    boolean consumeNull() {
        skipWhitespace();
        if (text.startsWith("null", pos)) {
            pos += 4;
            return true;
        }
        return false;
    }

    /** Fails unless only whitespace is left. */
    void expectEnd() {
        skipWhitespace();
        if (pos < text.length()) {
            throw error("unexpected " + describeNext() + " after the value");
        }
    }

    String readString() {
        expect('"');
        StringBuilder out = null;
        int start = pos;
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                String s = out == null ? text.substring(start, pos) : out.append(text, start, pos).toString();
                pos++;
                return s;
            }
            if (c < 0x20) {
                throw error("unescaped control character U+" + String.format("%04X", (int) c) + " in string");
            }
            if (c == '\\') {
                if (out == null) {
                    out = new StringBuilder();
                }
                out.append(text, start, pos);
                pos++;
                out.append(readEscape());
                start = pos;
            } else {
                pos++;
            }
        }
    }

    private char readEscape() {
        if (pos >= text.length()) {
            throw error("unterminated escape");
        }
        char e = text.charAt(pos++);
        switch (e) {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u':
                if (pos + 4 > text.length()) {
                    throw error("truncated \\u escape");
                }
                int v = 0;
                for (int i = 0; i < 4; i++) {
                    int d = Character.digit(text.charAt(pos + i), 16);
                    if (d < 0) {
                        throw error("bad hex digit in \\u escape");
                    }
                    v = v * 16 + d;
                }
                pos += 4;
                return (char) v;
            default:
                pos--;
                throw error("bad escape '\\" + e + "'");
        }
    }

    /** An integer without fraction or exponent that fits a {@code long}. */
    long readLong() {
        skipWhitespace();
        int start = pos;
        long fast = readPlainLong();
        if (fast != Long.MIN_VALUE) {
            return fast;
        }
        pos = start;
        Number n = readNumber();
        if (!(n instanceof Long)) {
            pos = start;
            throw error("expected an integer but found " + text.substring(start, Math.min(text.length(), start + 24)));
        }
        return n.longValue();
    }

    /**
     * The common case of {@link #readLong} without allocating: up to 18 digits, optional minus, not
     * followed by a fraction or exponent. Returns {@code Long.MIN_VALUE} (leaving the position
     * anywhere) for anything else, which the general path then parses or rejects.
     */
    private long readPlainLong() {
        boolean negative = peek() == '-';
        if (negative) {
            pos++;
        }
        int first = pos;
        long v = 0;
        while (isDigit(peek()) && pos - first < 18) {
            v = v * 10 + (text.charAt(pos++) - '0');
        }
        int digits = pos - first;
        if (digits == 0 || (digits > 1 && text.charAt(first) == '0') || isDigit(peek()) || peek() == '.'
                || peek() == 'e' || peek() == 'E') {
            return Long.MIN_VALUE;
        }
        return negative ? -v : v;
    }

    boolean readBoolean() {
        skipWhitespace();
        if (text.startsWith("true", pos)) {
            pos += 4;
            return true;
        }
        if (text.startsWith("false", pos)) {
            pos += 5;
            return false;
        }
        throw error("expected true or false but found " + describeNext());
    }

    /**
     * Any value: {@link Map} (insertion-ordered, no duplicate names), {@link List}, {@link String},
     * {@link Long} (integers that fit), {@link Double} (other numbers), {@link Boolean} or {@code null}.
     */
    Object readValue() {
        skipWhitespace();
        if (pos >= text.length()) {
            throw error("expected a value but found the end");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{': return readObject();
            case '[': return readArray();
            case '"': return readString();
            case 't':
            case 'f': return readBoolean();
            case 'n':
                if (consumeNull()) {
                    return null;
                }
                throw error("expected a value but found " + describeNext());
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return readNumber();
                }
                throw error("expected a value but found " + describeNext());
        }
    }

    private Map<String, Object> readObject() {
        expect('{');
        Map<String, Object> map = new LinkedHashMap<>();
        if (consume('}')) {
            return map;
        }
        do {
            skipWhitespace();
            int at = pos;
            String name = readString();
            expect(':');
            Object value = readValue();
            if (map.containsKey(name)) {
                throw errorAt(at, "duplicate field \"" + name + "\"");
            }
            map.put(name, value);
        } while (consume(','));
        expectEnd('}');
        return map;
    }

    private List<Object> readArray() {
        expect('[');
        List<Object> list = new ArrayList<>();
        if (consume(']')) {
            return list;
        }
        do {
            list.add(readValue());
        } while (consume(','));
        expectEnd(']');
        return list;
    }

    private Number readNumber() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            throw error("expected a digit but found " + describeNext());
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            requireDigits();
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            requireDigits();
        }
        String literal = text.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException tooBig) {
                return Double.parseDouble(literal);
            }
        }
        return Double.parseDouble(literal);
    }

    private void requireDigits() {
        if (!isDigit(peek())) {
            throw error("expected a digit but found " + describeNext());
        }
        while (isDigit(peek())) {
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private String describeNext() {
        return pos >= text.length() ? "the end" : "'" + text.charAt(pos) + "'";
    }

    JsonException error(String message) {
        return new JsonException(message, pos);
    }

    JsonException errorAt(int position, String message) {
        return new JsonException(message, position);
    }
}
