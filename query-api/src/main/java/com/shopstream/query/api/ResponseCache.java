package com.shopstream.query.api;

import com.shopstream.common.DataVersions;
import com.shopstream.common.RedisBatch;
import com.shopstream.common.SharedFutures;
import com.shopstream.common.Sha256;
import com.shopstream.common.ThrottledWarning;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers shared by every query-api instance through Redis. An entry records the data versions
 * ({@link DataVersions}, the realtime fence, the clock's step for answers that follow it) it was computed at, and
 * is used only while they still hold, so a change of the data under an answer invalidates it at
 * once wherever it is cached; a short TTL frees it. One round trip reads the versions and the entry
 * together (one per slot on Redis Cluster, sent at once). Within an instance, concurrent requests for
 * an answer being computed wait for it rather than compute it again, and live answers are reused for
 * 100 ms without asking Redis, and looked up again ahead of time ({@link LiveAnswers}). While Redis
 * does not answer, answers are computed without the cache.
 *
 * <p>While a hot standby serves the reads that may lag, an answer computed there may miss the last
 * changes its versions already name; it is then kept no longer than the standby's lag bound, so it is
 * never staler than twice that bound.
 */
public final class ResponseCache {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);
    private static final String ENTRY_PREFIX = "cache:answer:";
    /**
     * How long an instance reuses a live answer without asking Redis: the hottest endpoints then cost
     * a round trip per interval rather than per request, for answers reflecting Redis at most this
     * much before their request (their asOf says when they were computed).
     */
    private static final Duration LIVE_REUSE = Duration.ofMillis(100);

    /** A computed answer as sent (JSON or CSV), its ETag, and the cursor of the next page when there is one. */
    record Entry(String etag, String nextCursor, Buffer body) {

        static Entry of(Buffer body, String nextCursor) {
            return new Entry(ETags.of(body.getBytes()), nextCursor, body);
        }
    }

    private final Redis redis;
    private final List<String> fenceKeys;
    private final Supplier<Duration> laggingReadsBound;
    private final Clock clock;
    private final Map<String, Future<Entry>> computing = new ConcurrentHashMap<>();
    private final LiveAnswers<Entry> liveAnswers;
    private final Counter hits;
    private final Counter misses;
    private final Counter bypassed;
    private final ThrottledWarning redisDown = new ThrottledWarning(LOG, "response cache unavailable, answering without it: {}");

    /**
     * {@code fenceKeys}: the realtime fences, whose offsets a realtime answer depends on;
     * {@code laggingReadsBound}: how far behind the primary the server of non-realtime answers may be
     * now, or null while it is the primary.
     */
    public ResponseCache(Redis redis, List<String> fenceKeys, Supplier<Duration> laggingReadsBound, Clock clock,
                         MeterRegistry registry) {
        this.redis = redis;
        this.fenceKeys = List.copyOf(fenceKeys);
        this.laggingReadsBound = laggingReadsBound;
        this.clock = clock;
        this.hits = lookups(registry, "hit");
        this.misses = lookups(registry, "miss");
        this.bypassed = lookups(registry, "bypass");
        this.liveAnswers = new LiveAnswers<>(LIVE_REUSE, System::nanoTime, hits::increment);
    }

    /** The cached answer to {@code request} (a canonical form of the request, format included) or else a computed one. */
    Future<Entry> get(CachePolicy policy, String request, Supplier<Future<Entry>> compute) {
        String entryKey = ENTRY_PREFIX + digest(request);
        if (policy.realtime()) {
            return liveAnswers.get(entryKey, () -> lookup(policy, entryKey, compute));
        }
        return lookup(policy, entryKey, compute);
    }

    private Future<Entry> lookup(CachePolicy policy, String entryKey, Supplier<Future<Entry>> compute) {
        RedisBatch reads = new RedisBatch();
        Request versions = Request.cmd(Command.HMGET).arg(DataVersions.KEY);
        policy.domains().forEach(domain -> versions.arg(domain.field()));
        if (!policy.domains().isEmpty()) {
            reads.add(DataVersions.KEY, versions);
        }
        if (policy.realtime()) {
            fenceKeys.forEach(fence -> reads.add(fence, Request.cmd(Command.HGETALL).arg(fence)));
        }
        reads.add(entryKey, Request.cmd(Command.GET).arg(entryKey));
        return reads.send(redis).transform(read -> {
            if (read.failed()) {
                bypassed.increment();
                redisDown.log(read.cause());
                return compute.get();
            }
            List<Response> replies = read.result();
            String tag = tag(policy, replies);
            Entry cached = parse(replies.get(replies.size() - 1), tag);
            if (cached != null) {
                hits.increment();
                return Future.succeededFuture(cached);
            }
            misses.increment();
            return computeOnce(entryKey, tag, policy, compute);
        });
    }

    private Future<Entry> computeOnce(String entryKey, String tag, CachePolicy policy, Supplier<Future<Entry>> compute) {
        String id = entryKey + "#" + tag;
        Future<Entry> running = computing.get(id);
        if (running != null) {
            return SharedFutures.join(running);
        }
        Future<Entry> computed = compute.get();
        computing.put(id, computed);
        computed.onComplete(done -> {
            if (done.failed()) {
                computing.remove(id, computed);
                return;
            }
            Entry entry = done.result();
            String cursor = entry.nextCursor() == null ? "" : entry.nextCursor();
            Buffer value = Buffer.buffer(tag + "\n" + entry.etag() + "\n" + cursor + "\n").appendBuffer(entry.body());
            // Kept here until Redis has it: requests that found no entry meanwhile take this one instead of computing again.
            redis.send(Request.cmd(Command.SET).arg(entryKey).arg(value).arg("PX").arg(ttl(policy).toMillis()))
                    .onFailure(redisDown::log)
                    .onComplete(stored -> computing.remove(id, computed));
        });
        return computed;
    }

    private Duration ttl(CachePolicy policy) {
        Duration bound = policy.realtime() ? null : laggingReadsBound.get();
        return bound != null && bound.compareTo(policy.ttl()) < 0 ? bound : policy.ttl();
    }

    /** What the answer depends on, as it stands now: the domains' versions, the realtime fence, the second. */
    private String tag(CachePolicy policy, List<Response> replies) {
        StringBuilder tag = new StringBuilder();
        int next = 0;
        if (!policy.domains().isEmpty()) {
            Response versions = replies.get(next++);
            for (int i = 0; i < versions.size(); i++) {
                tag.append(versions.get(i) == null ? "-" : versions.get(i).toString()).append('|');
            }
        }
        if (policy.realtime()) {
            long offsets = 0;
            for (int f = 0; f < fenceKeys.size(); f++) {
                Response fence = replies.get(next++);
                for (int i = 1; i < fence.size(); i += 2) {
                    offsets += fence.get(i).toLong();
                }
            }
            tag.append(offsets).append('|');
        }
        if (policy.clockStep() != null) {
            tag.append(clock.instant().getEpochSecond() / policy.clockStep().toSeconds());
        }
        return tag.toString();
    }

    /** The stored entry if it was computed at {@code tag}: "tag\netag\ncursor\nbody" (only the body may hold newlines). */
    private static Entry parse(Response stored, String tag) {
        if (stored == null) {
            return null;
        }
        Buffer value = stored.toBuffer();
        int tagEnd = indexOf(value, 0);
        int etagEnd = tagEnd < 0 ? -1 : indexOf(value, tagEnd + 1);
        int cursorEnd = etagEnd < 0 ? -1 : indexOf(value, etagEnd + 1);
        if (cursorEnd < 0 || !value.getString(0, tagEnd, "UTF-8").equals(tag)) {
            return null;
        }
        String cursor = value.getString(etagEnd + 1, cursorEnd, "UTF-8");
        return new Entry(value.getString(tagEnd + 1, etagEnd, "UTF-8"), cursor.isEmpty() ? null : cursor,
                value.getBuffer(cursorEnd + 1, value.length()));
    }

    private static int indexOf(Buffer value, int from) {
        for (int i = from; i < value.length(); i++) {
            if (value.getByte(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String digest(String request) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Sha256.of(request));
    }

    private static Counter lookups(MeterRegistry registry, String result) {
        return Counter.builder("shop.cache.lookups")
                .description("Response cache lookups by result: hit, miss, or bypass (Redis unavailable)")
                .tag("result", result)
                .register(registry);
    }
}
