package com.shopstream.query.recommendations;

import com.shopstream.common.SessionLead;
import com.shopstream.common.Vectors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the catalog's embeddings current: each round embeds the products whose text changed since
 * their embedding was computed (their content hash differs), or that have none, in batches on a
 * worker thread, logging progress. One query-api instance at a time does it (a session advisory
 * lock); the others skip the round. An embedding is stored only if the product's text is still the
 * one it was computed from, so a concurrent edit is never overwritten with a stale vector.
 */
public final class EmbeddingUpkeep {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingUpkeep.class);
    private static final int BATCH = 64;

    private final Vertx vertx;
    private final Pool pool;
    private final TextEmbedder embedder;

    public EmbeddingUpkeep(Vertx vertx, Pool pool, TextEmbedder embedder) {
        this.vertx = vertx;
        this.pool = pool;
        this.embedder = embedder;
    }

    /** One round; completes with the number of products embedded (0 when another instance leads). */
    public Future<Integer> runRound() {
        return SessionLead.run(pool, "shopstream.embedding-upkeep", this::lead, 0);
    }

    private Future<Integer> lead(SqlConnection conn) {
        return conn.query(RecommendationSql.COUNT_UNEMBEDDED).execute().compose(rows -> {
            long pending = rows.iterator().next().getLong(0);
            if (pending == 0) {
                return Future.succeededFuture(0);
            }
            LOG.info("embedding {} products", pending);
            return embedFrom(conn, 0L, new Progress(pending, System.nanoTime()));
        });
    }

    private Future<Integer> embedFrom(SqlConnection conn, long afterId, Progress progress) {
        return conn.preparedQuery(RecommendationSql.UNEMBEDDED).execute(Tuple.of(afterId, BATCH)).compose(rows -> {
            if (rows.size() == 0) {
                progress.finish();
                return Future.succeededFuture(progress.done);
            }
            List<Long> ids = new ArrayList<>(rows.size());
            List<String> texts = new ArrayList<>(rows.size());
            List<Buffer> hashes = new ArrayList<>(rows.size());
            for (Row row : rows) {
                ids.add(row.getLong(0));
                texts.add(TextEmbedder.productText(row.getString(1), row.getString(2), row.getString(3), row.getString(4)));
                hashes.add(row.getBuffer(5));
            }
            return vertx.executeBlocking(() -> embedder.embedAll(texts), false)
                    .compose(vectors -> conn.preparedQuery(RecommendationSql.SAVE_EMBEDDINGS).execute(Tuple.of(
                            ids.toArray(Long[]::new),
                            vectors.stream().map(Vectors::format).toArray(String[]::new),
                            hashes.toArray(Buffer[]::new))))
                    .compose(saved -> {
                        progress.add(ids.size());
                        return embedFrom(conn, ids.get(ids.size() - 1), progress);
                    });
        });
    }

    /** Progress of one round, logged about every ten seconds and at the end. */
    private static final class Progress {
        private final long pending;
        private final long startedNanos;
        private long lastLogNanos;
        private int done;

        Progress(long pending, long startedNanos) {
            this.pending = pending;
            this.startedNanos = startedNanos;
            this.lastLogNanos = startedNanos;
        }

        void add(int embedded) {
            done += embedded;
            long now = System.nanoTime();
            if (now - lastLogNanos >= 10_000_000_000L) {
                lastLogNanos = now;
                LOG.info("embedded {} of {} products ({}/s)", done, pending, rate(now));
            }
        }

        void finish() {
            LOG.info("embedded {} products in {} ms ({}/s)", done, (System.nanoTime() - startedNanos) / 1_000_000,
                    rate(System.nanoTime()));
        }

        private long rate(long now) {
            return Math.round(done / Math.max((now - startedNanos) / 1e9, 1e-3));
        }
    }
}
