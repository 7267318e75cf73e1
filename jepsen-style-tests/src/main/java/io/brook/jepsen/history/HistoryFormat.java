package io.brook.jepsen.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The history file, format version 3: UTF-8 JSON lines, a header line then one line per {@link Op}
 * in index order, each line ending with {@code \n}. Readable by {@code jq} and by people.
 *
 * <pre>
 * {"format":"brook-history","version":3}
 * {"index":0,"type":"invoke","f":"send","process":3,"time":1200,"key":"k7","value":"w3-17","producer":3,"seq":17}
 * {"index":1,"type":"ok","f":"send","process":3,"time":1850300,"key":"k7","value":"w3-17","partition":2,"offset":41}
 * {"index":2,"type":"invoke","f":"poll","process":5,"time":1900000}
 * {"index":3,"type":"ok","f":"poll","process":5,"time":2400000,"records":[[2,41,"w3-17"],[2,43,"w1-9"]]}
 * {"index":4,"type":"info","f":"send","process":4,"time":9000000,"value":"w4-2","error":"timeout"}
 * {"index":5,"type":"ok","f":"group-poll","process":20,"time":9100000,"key":"g","records":[[2,41,"w3-17"]],"assignment":[0,2]}
 * {"index":6,"type":"invoke","f":"commit","process":20,"time":9200000,"key":"g","offsets":[[2,42]]}
 * </pre>
 *
 * <p>Fields of an op line, in the order they are written (a reader accepts any order):
 * <table>
 * <caption>Op line fields</caption>
 * <tr><th>field</th><th>JSON type</th><th>{@link Op} field</th><th>present</th></tr>
 * <tr><td>index</td><td>integer ≥ 0</td><td>index</td><td>always; equals the line's position (first op
 * line: 0)</td></tr>
 * <tr><td>type</td><td>"invoke", "ok", "fail" or "info"</td><td>type</td><td>always</td></tr>
 * <tr><td>f</td><td>non-empty string</td><td>f</td><td>always: "send", "poll", "seek", "final-read",
 * admin functions, "group-poll", "commit", "reset-offsets";
 * other functions (e.g. a nemesis's) pass through</td></tr>
 * <tr><td>process</td><td>32-bit integer</td><td>process</td><td>always (harness: negative)</td></tr>
 * <tr><td>time</td><td>integer ≥ 0, nanoseconds since the run started</td><td>timeNanos</td>
 * <td>always</td></tr>
 * <tr><td>key</td><td>string</td><td>key</td><td>when not null</td></tr>
 * <tr><td>value</td><td>string</td><td>value</td><td>when not null</td></tr>
 * <tr><td>partition</td><td>integer ≥ 0</td><td>partition</td><td>when not -1</td></tr>
 * <tr><td>offset</td><td>integer ≥ 0</td><td>offset</td><td>when not -1</td></tr>
 * <tr><td>producer</td><td>32-bit integer ≥ 0</td><td>producer</td><td>when not -1 (version 2)</td></tr>
 * <tr><td>seq</td><td>integer ≥ 0</td><td>seq</td><td>when not -1 (version 2)</td></tr>
 * <tr><td>records</td><td>array of [partition, offset, value] (value a string or null)</td>
 * <td>records</td><td>when not empty</td></tr>
 * <tr><td>error</td><td>string</td><td>error</td><td>when not null</td></tr>
 * <tr><td>offsets</td><td>array of [partition, offset]</td><td>offsets</td><td>when not empty (version 3)</td></tr>
 * <tr><td>assignment</td><td>array of partitions (integers ≥ 0)</td><td>assignment</td><td>when not null,
 * also when empty (version 3)</td></tr>
 * </table>
 * An absent field reads as its default ({@code null}, -1 or no records); {@code null} is also
 * accepted for key, value and error. Unknown or duplicate fields, a wrong JSON type, an out-of-range
 * number or an index out of sequence make the file malformed.
 *
 * <p>Which fields each function carries (see {@link Op}): send invoke: key, value, partition if
 * requested, producer and seq (version 2); send ok: key, value, partition, offset; send fail/info: key, value, error; poll and
 * final-read ok: records (absent when nothing was read); seek invoke and ok: partition, offset; any
 * fail/info: error; group-poll: key (the group), ok: records and assignment (version 3); commit and
 * reset-offsets: key (the group) and offsets (version 3). The format does not enforce these: checkers interpret them.
 *
 * <p>Versioning: a new field or meaning is a new version number, a new golden file
 * ({@code src/test/resources/golden/history-vN.jsonl}) and a reader that still reads the old one.
 * Version history: 1, the first; 2 adds {@code producer} and {@code seq} to send invokes (which
 * producer instance sent the value, and the order of the call among its sends), for the
 * producer-order checker; 3 adds {@code offsets} and {@code assignment}, for consumer groups
 * (group-poll, commit, reset-offsets). An older file is read as before: a field of a later version
 * is unknown in it. Stateless and thread-safe.
 */
public final class HistoryFormat {

    public static final String NAME = "brook-history";
    public static final int VERSION = 3;
    /** The oldest version this build still reads. */
    public static final int OLDEST_READABLE_VERSION = 1;
    /** The first line of every history file (without its newline). */
    public static final String HEADER = "{\"format\":\"" + NAME + "\",\"version\":" + VERSION + "}";

    private HistoryFormat() {}

    /** The op as one line, without the newline. Fails for ops that would not read back. */
    public static String encode(Op op) {
        StringBuilder out = new StringBuilder(128);
        encode(op, out);
        return out.toString();
    }

    static void encode(Op op, StringBuilder out) {
        validate(op);
        out.append("{\"index\":").append(op.index())
                .append(",\"type\":\"").append(op.type().name().toLowerCase(Locale.ROOT))
                .append("\",\"f\":");
        Json.writeString(op.f(), out);
        out.append(",\"process\":").append(op.process()).append(",\"time\":").append(op.timeNanos());
        if (op.key() != null) {
            out.append(",\"key\":");
            Json.writeString(op.key(), out);
        }
        if (op.value() != null) {
            out.append(",\"value\":");
            Json.writeString(op.value(), out);
        }
        if (op.partition() != -1) {
            out.append(",\"partition\":").append(op.partition());
        }
        if (op.offset() != -1) {
            out.append(",\"offset\":").append(op.offset());
        }
        if (op.producer() != -1) {
            out.append(",\"producer\":").append(op.producer());
        }
        if (op.seq() != -1) {
            out.append(",\"seq\":").append(op.seq());
        }
        if (!op.records().isEmpty()) {
            out.append(",\"records\":[");
            boolean first = true;
            for (Op.Read r : op.records()) {
                out.append(first ? "[" : ",[").append(r.partition()).append(',').append(r.offset()).append(',');
                if (r.value() == null) {
                    out.append("null");
                } else {
                    Json.writeString(r.value(), out);
                }
                out.append(']');
                first = false;
            }
            out.append(']');
        }
        if (op.error() != null) {
            out.append(",\"error\":");
            Json.writeString(op.error(), out);
        }
        if (!op.offsets().isEmpty()) {
            out.append(",\"offsets\":[");
            for (int i = 0; i < op.offsets().size(); i++) {
                Op.Offset o = op.offsets().get(i);
                out.append(i == 0 ? "[" : ",[").append(o.partition()).append(',').append(o.offset()).append(']');
            }
            out.append(']');
        }
        if (op.assignment() != null) {
            out.append(",\"assignment\":[");
            for (int i = 0; i < op.assignment().size(); i++) {
                out.append(i == 0 ? "" : ",").append(op.assignment().get(i));
            }
            out.append(']');
        }
        out.append('}');
    }

    private static void validate(Op op) {
        String problem = null;
        if (op.index() < 0) {
            problem = "negative index";
        } else if (op.type() == null) {
            problem = "no type";
        } else if (op.f() == null || op.f().isEmpty()) {
            problem = "no f";
        } else if (op.timeNanos() < 0) {
            problem = "negative time (times are nanoseconds since the run started)";
        } else if (op.partition() < -1 || op.offset() < -1) {
            problem = "partition or offset below -1";
        } else if (op.producer() < -1 || op.seq() < -1) {
            problem = "producer or seq below -1";
        } else if (op.offsets().stream().anyMatch(o -> o.partition() < 0 || o.offset() < 0)) {
            problem = "offsets with a negative partition or offset: " + op.offsets();
        } else if (op.assignment() != null && op.assignment().stream().anyMatch(p -> p == null || p < 0)) {
            problem = "assignment with a negative partition: " + op.assignment();
        } else {
            for (Op.Read r : op.records()) {
                if (r.partition() < 0 || r.offset() < 0) {
                    problem = "record with a negative partition or offset: " + r;
                    break;
                }
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException("op cannot be written: " + problem + ": " + op);
        }
    }

    /**
     * The version of the header {@code line}; fails unless it is a header of a version this build reads
     * ({@value #OLDEST_READABLE_VERSION} to {@value #VERSION}).
     */
    public static int checkHeader(String line) {
        JsonReader in = new JsonReader(line);
        Object parsed = in.readValue();
        in.expectEnd();
        if (!(parsed instanceof Map<?, ?> map) || !NAME.equals(map.get("format"))) {
            throw new JsonException("not a history file: the first line must be " + HEADER, 0);
        }
        Object version = map.get("version");
        if (!(version instanceof Long v) || v < OLDEST_READABLE_VERSION || v > VERSION) {
            throw new JsonException("unsupported history format version " + version + " (this build reads "
                    + OLDEST_READABLE_VERSION + " to " + VERSION + ")", 0);
        }
        if (map.size() != 2) {
            throw new JsonException("unexpected fields in the header " + map.keySet(), 0);
        }
        return ((Long) version).intValue();
    }

    /** Parses one op line of the current version. */
    public static Op decode(String line) {
        return new LineDecoder(line, null, VERSION).decode();
    }

    /**
     * Parses one op line, taking record values from {@code values} when an equal one is there and
     * adding new ones: a value is read many times (by several workers and the final read), and one
     * shared instance saves memory and makes the checkers' hash lookups cheaper.
     */
    static Op decode(String line, Map<String, String> values, int version) {
        return new LineDecoder(line, values, version).decode();
    }

    /** Decodes one line; one instance per line. */
    private static final class LineDecoder {
        private static final List<String> FIELDS = List.of("index", "type", "f", "process", "time", "key", "value",
                "partition", "offset", "records", "error", "producer", "seq", "offsets", "assignment");
        /** How many of {@link #FIELDS} (the first ones) a line of each version may have: index = version. */
        private static final int[] VERSION_FIELDS = {0, 11, 13, 15};

        private final JsonReader in;
        private final Map<String, String> values;
        private final int version;
        private long index = -1;
        private Op.Type type;
        private String f;
        private Integer process;
        private long time = -1;
        private String key;
        private String value;
        private int partition = -1;
        private long offset = -1;
        private List<Op.Read> records = List.of();
        private String error;
        private int producer = -1;
        private long seq = -1;
        private List<Op.Offset> offsets = List.of();
        private List<Integer> assignment;
        private int seen;

        LineDecoder(String line, Map<String, String> values, int version) {
            this.in = new JsonReader(line);
            this.values = values;
            this.version = version;
        }

        Op decode() {
            in.expect('{');
            if (!in.consume('}')) {
                do {
                    int at = in.position();
                    field(in.readString(), at);
                } while (in.consume(','));
                in.expectEnd('}');
            }
            in.expectEnd();
            requirePresent(index >= 0, "index");
            requirePresent(type != null, "type");
            requirePresent(f != null, "f");
            requirePresent(process != null, "process");
            requirePresent(time >= 0, "time");
            return new Op(index, type, f, process, time, key, value, partition, offset, records, error, producer, seq,
                    offsets, assignment);
        }

        private void field(String name, int at) {
            int i = FIELDS.indexOf(name);
            if (i < 0 || i >= VERSION_FIELDS[version]) {
                throw in.errorAt(at, "unknown field \"" + name + "\"");
            }
            if ((seen & (1 << i)) != 0) {
                throw in.errorAt(at, "duplicate field \"" + name + "\"");
            }
            seen |= 1 << i;
            in.expect(':');
            switch (name) {
                case "index" -> index = nonNegative(name);
                case "type" -> type = type();
                case "f" -> {
                    f = in.readString();
                    if (f.isEmpty()) {
                        throw in.error("field f is empty");
                    }
                }
                case "process" -> process = int32(name, in.readLong());
                case "time" -> time = nonNegative(name);
                case "key" -> key = nullableString();
                case "value" -> value = nullableString();
                case "partition" -> partition = int32(name, nonNegative(name));
                case "offset" -> offset = nonNegative(name);
                case "records" -> records = records();
                case "producer" -> producer = int32(name, nonNegative(name));
                case "seq" -> seq = nonNegative(name);
                case "offsets" -> offsets = offsets();
                case "assignment" -> assignment = assignment();
                default -> error = nullableString();
            }
        }

        private Op.Type type() {
            int at = in.position();
            String s = in.readString();
            return switch (s) {
                case "invoke" -> Op.Type.INVOKE;
                case "ok" -> Op.Type.OK;
                case "fail" -> Op.Type.FAIL;
                case "info" -> Op.Type.INFO;
                default -> throw in.errorAt(at, "type must be invoke, ok, fail or info, not \"" + s + "\"");
            };
        }

        private List<Op.Read> records() {
            in.expect('[');
            List<Op.Read> list = new ArrayList<>();
            if (in.consume(']')) {
                return list;
            }
            do {
                in.expect('[');
                int p = int32("record partition", nonNegative("record partition"));
                in.expect(',');
                long o = nonNegative("record offset");
                in.expect(',');
                String v = nullableString();
                if (v != null && values != null) {
                    v = values.computeIfAbsent(v, x -> x);
                }
                in.expect(']');
                list.add(new Op.Read(p, o, v));
            } while (in.consume(','));
            in.expectEnd(']');
            return list;
        }

        private List<Op.Offset> offsets() {
            in.expect('[');
            List<Op.Offset> list = new ArrayList<>();
            if (in.consume(']')) {
                return list;
            }
            do {
                in.expect('[');
                int p = int32("offsets partition", nonNegative("offsets partition"));
                in.expect(',');
                long o = nonNegative("offsets offset");
                in.expect(']');
                list.add(new Op.Offset(p, o));
            } while (in.consume(','));
            in.expectEnd(']');
            return list;
        }

        private List<Integer> assignment() {
            in.expect('[');
            List<Integer> list = new ArrayList<>();
            if (in.consume(']')) {
                return list;
            }
            do {
                list.add(int32("assignment partition", nonNegative("assignment partition")));
            } while (in.consume(','));
            in.expectEnd(']');
            return list;
        }

        private String nullableString() {
            return in.consumeNull() ? null : in.readString();
        }

        private long nonNegative(String name) {
            int at = in.position();
            long v = in.readLong();
            if (v < 0) {
                throw in.errorAt(at, name + " must not be negative: " + v);
            }
            return v;
        }

        private int int32(String name, long v) {
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw in.error(name + " out of range: " + v);
            }
            return (int) v;
        }

        private void requirePresent(boolean present, String name) {
            if (!present) {
                throw in.errorAt(0, "missing field \"" + name + "\"");
            }
        }
    }
}
