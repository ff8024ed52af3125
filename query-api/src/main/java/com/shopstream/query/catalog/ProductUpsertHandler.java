package com.shopstream.query.catalog;

import com.shopstream.query.api.InvalidBody;
import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.Params;
import com.shopstream.query.recommendations.RecommendationSql;
import com.shopstream.query.recommendations.TextEmbedder;
import com.shopstream.common.HttpResponses;
import com.shopstream.common.Money;
import com.shopstream.common.Vectors;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * {@code PUT /v1/products/{id}}: creates (201) or replaces (200) a catalog product, its category
 * given by name and created when new, then embeds its text before answering (unless the text is
 * the one already embedded), so it is searchable and has neighbours as soon as the client hears
 * back. A body that is not a valid product is a 400 listing each field's problem.
 */
public final class ProductUpsertHandler implements Handler<RoutingContext> {

    private final Vertx vertx;
    private final Runnable catalogChanged;
    private final Pool pool;
    private final TextEmbedder embedder;

    public ProductUpsertHandler(Vertx vertx, Pool pool, TextEmbedder embedder, Runnable catalogChanged) {
        this.vertx = vertx;
        this.catalogChanged = catalogChanged;
        this.pool = pool;
        this.embedder = embedder;
    }

    @Override
    public void handle(RoutingContext ctx) {
        long id = Params.pathId(Parameters.of(ctx), "productId");
        ProductDraft.Result read = ProductDraft.read(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
        if (!read.errors().isEmpty()) {
            InvalidBody.reply(ctx, "invalid product", read.errors());
            return;
        }
        ProductDraft product = read.product();
        pool.withTransaction(conn -> conn.preparedQuery(CatalogSql.ENSURE_CATEGORY).execute(Tuple.of(product.category()))
                        .compose(categories -> conn.preparedQuery(CatalogSql.UPSERT_PRODUCT).execute(Tuple.of(id,
                                product.name(), product.description(), categories.iterator().next().getInteger(0),
                                product.brand(), product.price())))
                        .compose(upserted -> conn.preparedQuery(CatalogSql.SET_STOCK).execute(Tuple.of(id, product.stock()))
                                .map(upserted)))
                .compose(rows -> {
                    Row row = rows.iterator().next();
                    Buffer hash = row.getBuffer(0);
                    boolean created = row.getBoolean(1);
                    if (row.getBoolean(2)) {
                        return Future.succeededFuture(created);
                    }
                    String text = TextEmbedder.productText(product.name(), product.brand(), product.category(), product.description());
                    return vertx.executeBlocking(() -> Vectors.format(embedder.embed(text)), false)
                            .compose(vector -> pool.preparedQuery(RecommendationSql.SAVE_EMBEDDINGS)
                                    .execute(Tuple.of(new Long[] {id}, new String[] {vector}, new Buffer[] {hash})))
                            .map(saved -> created);
                })
                .onSuccess(created -> catalogChanged.run())
                .onSuccess(created -> HttpResponses.json(ctx, created ? 201 : 200, new JsonObject()
                        .put("id", id)
                        .put("name", product.name())
                        .put("description", product.description())
                        .put("category", product.category())
                        .put("brand", product.brand())
                        .put("price", Money.normalized(product.price()))
                        .put("stock", product.stock())))
                .onFailure(ctx::fail);
    }
}
