package com.shopstream.query.api;

import com.shopstream.common.DataVersions.Domain;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * How an endpoint's answers may be shared through the response cache: the data they are computed
 * from (an answer is reused only while none of it changed), whether they also read the realtime
 * windows, and, for answers that move with the clock, the step of the clock they follow (windows
 * ending now: reused within the same second only). The TTL bounds how long an answer lives at most.
 */
public record CachePolicy(Set<Domain> domains, boolean realtime, Duration clockStep, Duration ttl) {

    private static final Duration LIVE_TTL = Duration.ofSeconds(2);

    public CachePolicy {
        domains = Set.copyOf(domains);
    }

    /** Answers that change only when the given data does. */
    public static CachePolicy onChangeOf(Duration ttl, Domain... domains) {
        return new CachePolicy(set(domains), false, null, ttl);
    }

    /** Answers over windows ending now, read from the realtime windows and the given data. */
    public static CachePolicy live(Domain... domains) {
        return new CachePolicy(set(domains), true, Duration.ofSeconds(1), LIVE_TTL);
    }

    /** The same answers, also recomputed whenever the clock passes a multiple of {@code step}. */
    public CachePolicy followingClock(Duration step) {
        return new CachePolicy(domains, realtime, step, ttl);
    }

    private static Set<Domain> set(Domain... domains) {
        Set<Domain> set = EnumSet.noneOf(Domain.class);
        set.addAll(Set.of(domains));
        return set;
    }
}
