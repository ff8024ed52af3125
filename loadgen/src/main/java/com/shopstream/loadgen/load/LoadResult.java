package com.shopstream.loadgen.load;

import com.shopstream.loadgen.verify.Verifier;
import java.util.List;

/**
 * What a load run did: events sent (duplicates included), distinct events acknowledged (the ground
 * truth), the sends acknowledged and not acknowledged (given up on, or unanswered when the run
 * settled) on both paths together and, when verified, the events the pipeline reports it stored
 * for the run and the verification's checks (otherwise null and none).
 */
public record LoadResult(long sent, long distinctEvents, long acknowledged, long failed, Long eventsStored,
                         List<Verifier.Check> checks) {

    public boolean passed() {
        return failed == 0 && checks.stream().noneMatch(check -> check.outcome() == Verifier.Outcome.FAIL);
    }
}
