package io.brook.replication.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * The configurations in a node's log, oldest first, down to the newest one that lies below the log
 * start (retention may have removed its batch, but it is still in effect until a later one). The
 * newest is the node's current configuration, committed or not, as Raft asks; a truncation of the
 * log takes back the configurations it removes. Owned by its {@link RaftNode}.
 */
final class MembershipHistory {

    private final List<MembershipEntry> entries = new ArrayList<>();

    /**
     * @param stored what the node's store holds (may list configurations whose batches a crash removed
     *     from the log: they are dropped here)
     * @param initial the configuration the group was created with, used when the store holds none
     */
    MembershipHistory(List<MembershipEntry> stored, Membership initial, RaftLog log) {
        for (MembershipEntry e : stored) {
            boolean belowStart = e.offset() < log.startOffset();
            if (belowStart || e.offset() < log.endOffset() && log.termAt(e.offset()) == e.term()) {
                entries.add(e);
            }
        }
        if (entries.isEmpty()) {
            entries.add(new MembershipEntry(-1, 0, initial));
        }
    }

    Membership current() {
        return entries.get(entries.size() - 1).membership();
    }

    /** Offset of the current configuration's batch (below the log start when it is not in the log). */
    long currentOffset() {
        return entries.get(entries.size() - 1).offset();
    }

    /** The configuration in effect for a log that ends at {@code end}. */
    Membership at(long end) {
        for (int i = entries.size() - 1; i > 0; i--) {
            if (entries.get(i).offset() < end) {
                return entries.get(i).membership();
            }
        }
        return entries.get(0).membership();
    }

    /** A configuration batch entered the log (offsets only grow). */
    void append(long offset, int term, Membership m) {
        entries.add(new MembershipEntry(offset, term, m));
    }

    /** The log was truncated to end at {@code end}: configurations at or above it are gone. Returns whether any was. */
    boolean truncate(long end) {
        boolean changed = false;
        while (entries.size() > 1 && entries.get(entries.size() - 1).offset() >= end) {
            entries.remove(entries.size() - 1);
            changed = true;
        }
        return changed;
    }

    /** The log was emptied to restart at {@code start} with {@code m}, as the leader said, in effect. */
    void resetTo(long start, int termBeforeStart, Membership m) {
        entries.clear();
        entries.add(new MembershipEntry(start - 1, termBeforeStart, m));
    }

    /** Forgets configurations superseded by one that lies below {@code logStart}. Returns whether any was forgotten. */
    boolean compact(long logStart) {
        int keepFrom = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).offset() < logStart) {
                keepFrom = i;
            }
        }
        if (keepFrom == 0) {
            return false;
        }
        entries.subList(0, keepFrom).clear();
        return true;
    }

    List<MembershipEntry> entries() {
        return List.copyOf(entries);
    }
}
