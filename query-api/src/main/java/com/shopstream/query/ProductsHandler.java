package com.shopstream.query;

import com.shopstream.common.HttpResponses;
import com.shopstream.common.Money;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@code GET /v1/products?limit=100[&cursor][&category]}: the catalog in id order, a page at a
 * time. The cursor is opaque to clients (the last id of the page) and keyset-paginates, so a page
 * costs the same wherever it starts.
 */
final class ProductsHandler implements Handler<RoutingContext> {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final Pool pool;

    ProductsHandler(Pool pool) {
        this.pool = pool;
    }

    @Override
    public void handle(RoutingContext ctx) {
        int limit = Params.integer(ctx, "limit", 100, 1, 1000);
        long after = decodeCursor(Params.optional(ctx, "cursor"));
        String category = Params.category(ctx, "category");
        pool.preparedQuery(QuerySql.PRODUCTS_PAGE).execute(Tuple.of(after, category, limit + 1)).onSuccess(rows -> {
            JsonArray products = new JsonArray();
            long lastId = after;
            boolean more = false;
            for (Row row : rows) {
                if (products.size() == limit) {
                    more = true;
                    break;
                }
                lastId = row.getLong(0);
                products.add(new JsonObject()
                        .put("id", lastId)
                        .put("name", row.getString(1))
                        .put("category", row.getString(2))
                        .put("brand", row.getString(3))
                        .put("price", Money.normalized(row.getBigDecimal(4)))
                        .put("stock", row.getInteger(5)));
            }
            HttpResponses.json(ctx, 200, new JsonObject()
                    .put("products", products)
                    .put("nextCursor", more ? encodeCursor(lastId) : null));
        }).onFailure(ctx::fail);
    }

    static String encodeCursor(long lastId) {
        return ENCODER.encodeToString(("p:" + lastId).getBytes(StandardCharsets.UTF_8));
    }

    static long decodeCursor(String cursor) {
        if (cursor == null) {
            return 0;
        }
        try {
            String text = new String(DECODER.decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith("p:")) {
                return Long.parseLong(text.substring(2));
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new BadParameterException("cursor", "is not a cursor returned by this endpoint");
    }
}
