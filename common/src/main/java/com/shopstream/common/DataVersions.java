package com.shopstream.common;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A version per kind of stored data, in one Redis hash, replaced with a fresh random value whenever
 * that data changes: the aggregator after each batch it commits ({@link Domain#SALES}) and each view
 * refresh ({@link Domain#VIEWS}), query-api after catalog writes ({@link Domain#CATALOG}). Cached API
 * answers record the versions they were computed at and are used only while those still hold.
 * Random rather than counted, so a hash lost with Redis can never come back with a value an old
 * answer recorded. (The realtime windows need no entry: their offset fence already changes with
 * every batch applied to them.)
 */
public final class DataVersions {

    /** What an answer can depend on. */
    public enum Domain {
        /** Events, orders, rollups, funnel, fraud flags, stock, affinities: whatever a batch writes. */
        SALES,
        /** The materialized views and the folded hour and day sales. */
        VIEWS,
        /** Products, their text and embeddings. */
        CATALOG;

        public String field() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final String KEY = "cache:versions";

    private DataVersions() {
    }

    /** Gives each domain a new version; answers cached under the old one are no longer used. */
    public static Future<Void> changed(Redis redis, Domain... domains) {
        Request request = Request.cmd(Command.HSET).arg(KEY);
        for (Domain domain : domains) {
            request.arg(domain.field()).arg(Long.toHexString(ThreadLocalRandom.current().nextLong()));
        }
        return redis.send(request).mapEmpty();
    }
}
