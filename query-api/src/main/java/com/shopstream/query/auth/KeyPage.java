package com.shopstream.query.auth;

import com.shopstream.query.api.Answer;
import com.shopstream.query.api.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.List;

/** A page of API keys in id order, never their secrets; {@link #toJson()} is the answer of {@code GET /v1/admin/keys}. */
record KeyPage(List<Key> keys, String nextCursor) implements Answer {

    /** What is stored of a key: its name, the first characters of its secret, scopes and limits, and when it was made and revoked. */
    record Key(long id, String name, String prefix, List<String> scopes, JsonObject rateLimits, OffsetDateTime createdAt,
               OffsetDateTime revokedAt) {

        /** From a row of id, name, prefix, scopes, rate_limits, created_at, revoked_at. */
        static Key of(Row row) {
            return new Key(row.getLong(0), row.getString(1), row.getString(2), List.of(row.getArrayOfStrings(3)),
                    row.getJsonObject(4), row.getOffsetDateTime(5), row.getOffsetDateTime(6));
        }

        JsonObject toJson() {
            return new JsonObject()
                    .put("id", id)
                    .put("name", name)
                    .put("prefix", prefix)
                    .put("scopes", new JsonArray(scopes))
                    .put("rateLimits", rateLimits)
                    .put("createdAt", Times.iso(createdAt))
                    .put("revokedAt", Times.iso(revokedAt));
        }
    }

    @Override
    public JsonObject toJson() {
        JsonArray json = new JsonArray();
        keys.forEach(key -> json.add(key.toJson()));
        return new JsonObject().put("keys", json).put("nextCursor", nextCursor);
    }
}
