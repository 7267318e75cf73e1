package io.brook.replication.raft;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A Raft group's configuration: the voters, whose acknowledgements count towards commits and whose
 * votes elect a leader, and the learners, which receive the log but neither vote nor count. A node
 * uses the latest configuration in its log, committed or not (see {@link MembershipHistory}).
 *
 * <p>Changes go one voter at a time ({@link #votersDifferByAtMostOne}): any majority of the voters
 * before such a change and any majority after it share a node, so two leaders cannot be elected in
 * one term by the two configurations (the single-server change of Ongaro's thesis, ch. 4). Learners
 * may come and go freely: they are not counted by either.
 */
public record Membership(List<Integer> voters, List<Integer> learners) {

    public Membership {
        voters = List.copyOf(voters);
        learners = List.copyOf(learners);
        if (voters.isEmpty()) {
            throw new IllegalArgumentException("a configuration needs at least one voter");
        }
        Set<Integer> seen = new HashSet<>();
        for (int id : voters) {
            if (!seen.add(id)) {
                throw new IllegalArgumentException("voter " + id + " named twice in " + voters);
            }
        }
        for (int id : learners) {
            if (!seen.add(id)) {
                throw new IllegalArgumentException("learner " + id + " is also a voter or named twice: voters " + voters + ", learners " + learners);
            }
        }
    }

    /** Voters only. */
    public static Membership of(List<Integer> voters) {
        return new Membership(voters, List.of());
    }

    public boolean isVoter(int id) {
        return voters.contains(id);
    }

    public boolean isLearner(int id) {
        return learners.contains(id);
    }

    public boolean isMember(int id) {
        return isVoter(id) || isLearner(id);
    }

    /** Voters then learners. */
    public List<Integer> members() {
        List<Integer> all = new ArrayList<>(voters);
        all.addAll(learners);
        return all;
    }

    /** Whether going from this configuration to {@code next} adds or removes at most one voter (learners aside). */
    public boolean votersDifferByAtMostOne(Membership next) {
        Set<Integer> added = new LinkedHashSet<>(next.voters);
        added.removeAll(voters);
        Set<Integer> removed = new LinkedHashSet<>(voters);
        removed.removeAll(next.voters);
        return added.size() + removed.size() <= 1;
    }

    /** Same voters and learners, in any order. */
    public boolean sameMembersAs(Membership other) {
        return new HashSet<>(voters).equals(new HashSet<>(other.voters)) && new HashSet<>(learners).equals(new HashSet<>(other.learners));
    }

    @Override
    public String toString() {
        return learners.isEmpty() ? "voters " + voters : "voters " + voters + " learners " + learners;
    }
}
