package io.brook.client;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A user as {@link Admin#describeUsers()} describes it: its name and, for each SASL mechanism it has a
 * credential for, that credential's iteration count. Never a salt, a key or a password: the brokers
 * keep those to themselves.
 *
 * @param name the user name, as given to {@link Admin#createUser}
 * @param iterations by mechanism name ({@code SCRAM-SHA-256}, {@code SCRAM-SHA-512}), sorted; -1 for a
 *     stored credential the broker cannot read
 */
public record UserDescription(String name, Map<String, Integer> iterations) {

    public UserDescription {
        Objects.requireNonNull(name, "name");
        iterations = Collections.unmodifiableMap(new TreeMap<>(iterations));
    }
}
