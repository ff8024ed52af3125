-- The product embeddings' HNSW graph, rebuilt wider than pgvector's defaults (m 16, ef_construction 64).
-- At a million clustered vectors those defaults reach recall@10 0.82 at ef_search 100 and stall at 0.86
-- however far the search looks: neighbours the build never linked stay out of reach. With m 24 and
-- ef_construction 200 the same set reaches 0.96 at ef_search 100 and 0.99 at 200, p99 under 17 ms
-- (infra/bench-recommend --synthetic 1000000, docs/performance.md). The build takes about 2.5 times
-- longer; a catalog of thousands of products rebuilds in well under a second.
DROP INDEX products_embedding_idx;
CREATE INDEX products_embedding_idx ON products USING hnsw (embedding vector_cosine_ops) WITH (m = 24, ef_construction = 200);
