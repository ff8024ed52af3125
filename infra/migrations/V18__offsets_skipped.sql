-- Offsets a partition's batch found missing before its first record: deleted from the topic by
-- retention before the aggregator stored them. Counted, and logged, rather than skipped silently.
ALTER TABLE partition_progress ADD COLUMN offsets_skipped bigint NOT NULL DEFAULT 0;
