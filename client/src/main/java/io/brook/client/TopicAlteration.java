package io.brook.client;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Changes to apply to a topic with {@link Admin#alterTopic}: a larger partition count (partitions
 * are only ever added) and/or config overrides to set or remove. Immutable; each method returns a
 * new instance.
 *
 * <pre>{@code
 * admin.alterTopic("orders", TopicAlteration.none().partitions(12).setConfig("retention.ms", "86400000")).get();
 * }</pre>
 */
public final class TopicAlteration {

    private static final TopicAlteration NONE = new TopicAlteration(0, Map.of(), Set.of(), false);

    private final int partitions;
    private final Map<String, String> setConfigs;
    private final Set<String> deleteConfigs;
    private final boolean validateOnly;

    private TopicAlteration(int partitions, Map<String, String> setConfigs, Set<String> deleteConfigs,
                            boolean validateOnly) {
        this.partitions = partitions;
        this.setConfigs = setConfigs;
        this.deleteConfigs = deleteConfigs;
        this.validateOnly = validateOnly;
    }

    /** An alteration that changes nothing yet. */
    public static TopicAlteration none() {
        return NONE;
    }

    /** Grow the topic to {@code count} partitions in total. */
    public TopicAlteration partitions(int count) {
        if (count < 1) {
            throw new InvalidConfigException("a topic needs at least 1 partition, got " + count);
        }
        return new TopicAlteration(count, setConfigs, deleteConfigs, validateOnly);
    }

    /** Override a topic config. */
    public TopicAlteration setConfig(String name, String value) {
        Map<String, String> set = new LinkedHashMap<>(setConfigs);
        set.put(name, value);
        Set<String> delete = new LinkedHashSet<>(deleteConfigs);
        delete.remove(name);
        return new TopicAlteration(partitions, Map.copyOf(set), Set.copyOf(delete), validateOnly);
    }

    /** Remove a topic config override: the broker default applies again. */
    public TopicAlteration deleteConfig(String name) {
        Map<String, String> set = new LinkedHashMap<>(setConfigs);
        set.remove(name);
        Set<String> delete = new LinkedHashSet<>(deleteConfigs);
        delete.add(name);
        return new TopicAlteration(partitions, Map.copyOf(set), Set.copyOf(delete), validateOnly);
    }

    /** Have the broker check the alteration without applying it. */
    public TopicAlteration validateOnly(boolean validateOnly) {
        return new TopicAlteration(partitions, setConfigs, deleteConfigs, validateOnly);
    }

    /** The new partition count, or 0 to leave it unchanged. */
    public int partitions() {
        return partitions;
    }

    public Map<String, String> setConfigs() {
        return setConfigs;
    }

    public Set<String> deleteConfigs() {
        return deleteConfigs;
    }

    public boolean isValidateOnly() {
        return validateOnly;
    }

    @Override
    public String toString() {
        return "TopicAlteration(partitions=" + partitions + ", set=" + setConfigs + ", delete=" + deleteConfigs
                + (validateOnly ? ", validateOnly" : "") + ")";
    }
}
