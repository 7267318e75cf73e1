package io.brook.jepsen.checker;

import static io.brook.jepsen.history.HistoryBuilder.o;
import static io.brook.jepsen.history.HistoryBuilder.r;

import io.brook.jepsen.history.HistoryBuilder;
import io.brook.jepsen.history.Op;
import java.util.List;

/**
 * Small consumer-group histories over partition 0, values v0..v9 at offsets 0..9: member 20 consumes
 * and commits, is killed (its poll and last commit unknown), member 21 starts from the group's commit
 * and consumes the rest; then the final read. Builders take the offsets that vary so that tests can
 * damage one step.
 */
final class GroupRun {

    static final int FIRST = 20;
    static final int SECOND = 21;

    private GroupRun() {}

    /** Acknowledged sends of v0..v9 at p0@0..9. */
    static HistoryBuilder sends() {
        HistoryBuilder b = new HistoryBuilder();
        for (int i = 0; i < 10; i++) {
            b.sendOk(0, "v" + i, 0, i);
        }
        return b;
    }

    /** Reads of p0 from {@code from} to {@code to} (inclusive). */
    static Op.Read[] reads(int from, int to) {
        Op.Read[] out = new Op.Read[Math.max(0, to - from + 1)];
        for (int i = from; i <= to; i++) {
            out[i - from] = r(0, i, "v" + i);
        }
        return out;
    }

    /**
     * Member 20 reads 0..3 and commits {@code firstCommit}, reads 4..5 and is killed while committing
     * 6; member 21 starts p0 and reads {@code secondFrom}..9, commits 10.
     */
    static List<Op> killAndRestart(long firstCommit, int secondFrom) {
        return sends()
                .groupPoll(FIRST, List.of(0), reads(0, 3))
                .commit(Op.Type.OK, FIRST, o(0, firstCommit))
                .groupPoll(FIRST, List.of(0), reads(4, 5))
                .commitInvoke(FIRST, o(0, 6))
                .commitComplete(Op.Type.INFO, FIRST, o(0, 6))
                .groupPoll(SECOND, List.of())
                .groupPoll(SECOND, List.of(0), reads(secondFrom, 9))
                .commit(Op.Type.OK, SECOND, o(0, 10))
                .finalRead(reads(0, 9))
                .build();
    }

    /** The correct run: member 21 resumes at 4, the last ok commit (the unknown one was not applied). */
    static List<Op> correct() {
        return killAndRestart(4, 4);
    }
}
