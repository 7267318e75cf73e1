package io.brook.broker.cluster;

import io.brook.protocol.message.RaftAppend;
import io.brook.protocol.message.RaftAppendResult;
import io.brook.protocol.message.RaftEnvelope;
import io.brook.protocol.message.RaftReset;
import io.brook.protocol.message.RaftTimeoutNow;
import io.brook.protocol.message.RaftVote;
import io.brook.protocol.message.RaftVoteResult;
import io.brook.replication.raft.Entries;
import io.brook.replication.raft.Membership;
import io.brook.replication.raft.RaftMessage;

/** Converts between the Raft core's messages and their protobuf envelopes (records travel in the payload). */
public final class RaftMessages {

    private RaftMessages() {}

    public static RaftEnvelope.Builder encode(RaftMessage m) {
        RaftEnvelope.Builder b = RaftEnvelope.newBuilder().setTerm(m.term()).setFrom(m.from());
        if (m instanceof RaftMessage.AppendRequest a) {
            b.setAppend(RaftAppend.newBuilder().setPrevEnd(a.prevEnd()).setPrevTerm(a.prevTerm()).setCommitEnd(a.commitEnd())
                    .setSeq(a.seq()).setRecordsSize(a.entries().isEmpty() ? 0 : a.entries().sizeInBytes()).setQuiescent(a.quiescent()));
        } else if (m instanceof RaftMessage.AppendResponse r) {
            b.setAppendResult(RaftAppendResult.newBuilder().setSuccess(r.success()).setMatchEnd(r.matchEnd()).setHintEnd(r.hintEnd())
                    .setConflictTerm(r.conflictTerm()).setSeq(r.seq()).setRecovering(r.recovering()));
        } else if (m instanceof RaftMessage.ResetRequest r) {
            b.setReset(RaftReset.newBuilder().setStartOffset(r.startOffset()).setTermBeforeStart(r.termBeforeStart()).setSeq(r.seq())
                    .addAllVoters(r.membership().voters()).addAllLearners(r.membership().learners()));
        } else if (m instanceof RaftMessage.VoteRequest v) {
            b.setVote(RaftVote.newBuilder().setLastEnd(v.lastEnd()).setLastTerm(v.lastTerm()).setPreVote(v.preVote()).setTransfer(v.transfer()));
        } else if (m instanceof RaftMessage.VoteResponse v) {
            b.setVoteResult(RaftVoteResult.newBuilder().setGranted(v.granted()).setPreVote(v.preVote()));
        } else if (m instanceof RaftMessage.TimeoutNow) {
            b.setTimeoutNow(RaftTimeoutNow.getDefaultInstance());
        }
        return b;
    }

    /**
     * @param entries the batches of an append (ignored for other messages)
     * @return the message, or {@code null} for an envelope without a known body
     */
    public static RaftMessage decode(RaftEnvelope e, Entries entries) {
        int term = e.getTerm();
        int from = e.getFrom();
        switch (e.getBodyCase()) {
            case APPEND -> {
                RaftAppend a = e.getAppend();
                return new RaftMessage.AppendRequest(term, from, a.getPrevEnd(), a.getPrevTerm(), a.getCommitEnd(), entries, a.getSeq(),
                        a.getQuiescent());
            }
            case APPEND_RESULT -> {
                RaftAppendResult r = e.getAppendResult();
                return new RaftMessage.AppendResponse(term, from, r.getSuccess(), r.getMatchEnd(), r.getHintEnd(), r.getConflictTerm(), r.getSeq(),
                        r.getRecovering());
            }
            case RESET -> {
                RaftReset r = e.getReset();
                if (r.getVotersCount() == 0) {
                    return null; // a reset without a configuration (an older broker's) cannot be acted on safely
                }
                return new RaftMessage.ResetRequest(term, from, r.getStartOffset(), r.getTermBeforeStart(), r.getSeq(),
                        new Membership(r.getVotersList(), r.getLearnersList()));
            }
            case VOTE -> {
                RaftVote v = e.getVote();
                return new RaftMessage.VoteRequest(term, from, v.getLastEnd(), v.getLastTerm(), v.getPreVote(), v.getTransfer());
            }
            case VOTE_RESULT -> {
                RaftVoteResult v = e.getVoteResult();
                return new RaftMessage.VoteResponse(term, from, v.getGranted(), v.getPreVote());
            }
            case TIMEOUT_NOW -> {
                return new RaftMessage.TimeoutNow(term, from);
            }
            default -> {
                return null;
            }
        }
    }
}
