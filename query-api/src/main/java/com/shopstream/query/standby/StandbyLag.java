package com.shopstream.query.standby;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;

/**
 * The hot standby as last measured: whether it answered, how far its replay trails the primary, in
 * WAL bytes and in time (PostgreSQL's own {@code replay_lag}; zero when it has replayed everything),
 * and whether reads that may lag go to it. Null figures are unknown.
 */
public record StandbyLag(State state, Long lagBytes, Long lagMillis, boolean servingReads, Instant measuredAt) {

    public enum State {
        /** Replaying within the bound: it serves the reads that may lag. */
        STREAMING,
        /** Answering, but behind the bound or not receiving WAL: reads go to the primary. */
        BEHIND,
        /** Not answering: reads go to the primary. */
        DOWN,
        /** Not measured yet. */
        UNKNOWN
    }

    static StandbyLag unknown() {
        return new StandbyLag(State.UNKNOWN, null, null, false, null);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("state", state.name().toLowerCase(Locale.ROOT))
                .put("servingReads", servingReads)
                .put("lagBytes", lagBytes)
                .put("lagMs", lagMillis)
                .put("measuredAt", measuredAt == null ? null : measuredAt.toString());
    }
}
