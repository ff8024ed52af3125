package com.shopstream.query.auth;

import com.shopstream.query.api.Cursor;
import com.shopstream.query.api.InvalidBody;
import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.Params;
import com.shopstream.query.api.ReadEndpoint;
import com.shopstream.common.HttpResponses;
import com.shopstream.common.api.ApiKeyAuthenticator;
import com.shopstream.common.api.ApiKeySecrets;
import com.shopstream.common.api.ApiKeyStore;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Key management for {@code admin} keys: {@code POST /v1/admin/keys} creates a key and returns it,
 * the only time it is ever shown; {@code GET /v1/admin/keys} lists keys (never their secrets);
 * {@code DELETE /v1/admin/keys/{id}} revokes one, at once on this instance and within the key
 * cache's lifetime on the others.
 */
public final class ApiKeysHandler {

    private final Pool pool;
    private final ApiKeyAuthenticator authenticator;

    public ApiKeysHandler(Pool pool, ApiKeyAuthenticator authenticator) {
        this.pool = pool;
        this.authenticator = authenticator;
    }

    public void create(RoutingContext ctx) {
        KeyDraft.Result read = KeyDraft.read(ctx.body().buffer());
        if (!read.errors().isEmpty()) {
            InvalidBody.reply(ctx, "invalid key", read.errors());
            return;
        }
        KeyDraft draft = read.draft();
        String key = ApiKeySecrets.generate();
        ApiKeyStore.create(pool, draft.name(), key, draft.scopeLabels(), draft.rateLimits())
                .onSuccess(row -> HttpResponses.json(ctx, 201, KeyPage.Key.of(row).toJson().put("key", key)))
                .onFailure(ctx::fail);
    }

    public ReadEndpoint list() {
        return ctx -> {
            int limit = Params.integer(ctx, "limit", 100, 1, 1000);
            Cursor cursor = Cursor.from(ctx, "k", 1);
            boolean revoked = Params.choice(ctx, "includeRevoked", "false", Map.of("true", true, "false", false));
            return pool.preparedQuery(AuthSql.LIST_API_KEYS)
                    .execute(Tuple.of(cursor == null ? 0L : cursor.longAt(0), revoked, limit + 1))
                    .map(rows -> {
                        List<KeyPage.Key> keys = new ArrayList<>(limit);
                        String next = null;
                        for (Row row : rows) {
                            if (keys.size() == limit) {
                                next = Cursor.encode("k", keys.get(limit - 1).id());
                                break;
                            }
                            keys.add(KeyPage.Key.of(row));
                        }
                        return new KeyPage(keys, next);
                    });
        };
    }

    public void revoke(RoutingContext ctx) {
        long id = Params.pathId(Parameters.of(ctx), "keyId");
        pool.preparedQuery(AuthSql.REVOKE_API_KEY).execute(Tuple.of(id)).onSuccess(rows -> {
            if (rows.size() == 0) {
                HttpResponses.error(ctx, 404, "no API key with id " + id);
                return;
            }
            authenticator.forgetAll();
            ctx.response().setStatusCode(204).end();
        }).onFailure(ctx::fail);
    }
}
