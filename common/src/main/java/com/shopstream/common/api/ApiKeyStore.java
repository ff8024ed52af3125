package com.shopstream.common.api;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Where keys are stored: created by query-api's admin endpoint and by {@code infra/up} for the
 * local key (through the admin command), and found by their digest. Keys are stored only as
 * digests, in the format {@link ApiKeySecrets} defines.
 */
public final class ApiKeyStore {

    /** The key with digest {@code $1}, unless revoked. */
    static final String LOOKUP =
            "SELECT id, name, prefix, scopes, rate_limits FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL";

    private static final String CREATE = """
            INSERT INTO api_keys (name, prefix, key_hash, scopes, rate_limits) VALUES ($1, $2, $3, $4, $5)
            RETURNING id, name, prefix, scopes, rate_limits, created_at, revoked_at""";

    private ApiKeyStore() {
    }

    /** Stores the key's digest; the row answers with id, name, prefix, scopes, rate_limits, created_at and revoked_at. */
    public static Future<Row> create(SqlClient db, String name, String key, String[] scopeLabels, JsonObject rateLimits) {
        return db.preparedQuery(CREATE)
                .execute(Tuple.of(name, ApiKeySecrets.shownPrefix(key), Buffer.buffer(ApiKeySecrets.digest(key)), scopeLabels, rateLimits))
                .map(rows -> rows.iterator().next());
    }

    /** Whether the key is stored and not revoked. */
    public static Future<Boolean> isActive(SqlClient db, String key) {
        return db.preparedQuery(LOOKUP).execute(Tuple.of(Buffer.buffer(ApiKeySecrets.digest(key)))).map(rows -> rows.size() == 1);
    }
}
