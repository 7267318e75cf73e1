package io.brook.replication.control.quorum;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The static controller quorum: broker id to {@code host:port}, parsed from {@code "id@host:port,..."}.
 * Immutable.
 */
final class Voters {

    private final Map<Integer, String> addresses;

    private Voters(Map<Integer, String> addresses) {
        this.addresses = Collections.unmodifiableMap(addresses);
    }

    /**
     * @throws IllegalArgumentException with the offending entry when the list is empty or malformed, or
     *     names an id twice
     */
    static Voters parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("controller voters are empty; expected \"id@host:port,...\"");
        }
        Map<Integer, String> addresses = new LinkedHashMap<>();
        for (String raw : spec.split(",")) {
            String entry = raw.trim();
            int at = entry.indexOf('@');
            int colon = entry.lastIndexOf(':');
            if (at <= 0 || colon < at + 2 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("controller voter \"" + entry + "\" is not id@host:port");
            }
            int id;
            int port;
            try {
                id = Integer.parseInt(entry.substring(0, at));
                port = Integer.parseInt(entry.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("controller voter \"" + entry + "\" is not id@host:port", e);
            }
            if (id < 0 || port < 1 || port > 65535) {
                throw new IllegalArgumentException("controller voter \"" + entry + "\" has a bad id or port");
            }
            if (addresses.put(id, entry.substring(at + 1)) != null) {
                throw new IllegalArgumentException("controller voter id " + id + " appears twice in \"" + spec + "\"");
            }
        }
        return new Voters(addresses);
    }

    boolean contains(int id) {
        return addresses.containsKey(id);
    }

    /** @return {@code host:port}, or null for a broker that is not a voter */
    String address(int id) {
        return addresses.get(id);
    }

    Map<Integer, String> addresses() {
        return addresses;
    }

    /** The voters' broker ids, in the order of the list. */
    List<Integer> ids() {
        return new ArrayList<>(addresses.keySet());
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        addresses.forEach((id, address) -> b.append(b.length() == 0 ? "" : ",").append(id).append('@').append(address));
        return b.toString();
    }
}
