package io.brook.replication.control.atomix;

import io.atomix.cluster.ClusterMembershipEventListener;
import io.atomix.cluster.ClusterMembershipService;
import io.atomix.cluster.Member;
import io.atomix.cluster.MemberId;
import io.atomix.utils.net.Address;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The controller voters as atomix's membership service. The Raft server asks only for the local member
 * and registers listeners; membership never changes (the voter set is static configuration), so there
 * are no events. Immutable.
 */
final class StaticMembership implements ClusterMembershipService {

    private final Member local;
    private final Map<MemberId, Member> members = new LinkedHashMap<>();

    StaticMembership(int localId, Voters voters) {
        voters.addresses().forEach((id, address) -> members.put(Voters.memberId(id),
                Member.member(Voters.memberId(id), Address.from(address))));
        Member self = members.get(Voters.memberId(localId));
        if (self == null) {
            throw new IllegalArgumentException("broker " + localId + " is not a controller voter (" + voters + ")");
        }
        this.local = self;
    }

    @Override
    public Member getLocalMember() {
        return local;
    }

    @Override
    public Set<Member> getMembers() {
        return new HashSet<>(members.values());
    }

    @Override
    public Member getMember(MemberId memberId) {
        return members.get(memberId);
    }

    @Override
    public void addListener(ClusterMembershipEventListener listener) {
    }

    @Override
    public void removeListener(ClusterMembershipEventListener listener) {
    }
}
