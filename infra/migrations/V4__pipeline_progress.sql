-- Per Kafka partition: the next offset to read, committed in the same transaction as the rows of
-- each batch, and the pipeline's counters. The row is locked for the length of a batch, so two
-- aggregators that both believe they own a partition process it one after the other.
CREATE TABLE partition_progress (
    consumer_group     text        NOT NULL,
    topic              text        NOT NULL,
    partition          integer     NOT NULL,
    next_offset        bigint      NOT NULL DEFAULT 0,
    events_stored      bigint      NOT NULL DEFAULT 0,
    duplicates_dropped bigint      NOT NULL DEFAULT 0,
    late_events        bigint      NOT NULL DEFAULT 0,
    dead_lettered      bigint      NOT NULL DEFAULT 0,
    max_event_time     timestamptz,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, partition)
);
