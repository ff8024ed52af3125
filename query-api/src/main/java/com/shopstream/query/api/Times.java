package com.shopstream.query.api;

import java.time.OffsetDateTime;

/** Times as the API writes them: ISO-8601 in UTC. */
public final class Times {

    private Times() {
    }

    public static String iso(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}
