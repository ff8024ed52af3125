package com.shopstream.query;

import java.time.OffsetDateTime;

/** Times as the API writes them: ISO-8601 in UTC. */
final class Times {

    private Times() {
    }

    static String iso(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}
