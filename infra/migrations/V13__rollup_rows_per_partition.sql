-- Every partition's batch added its minute sales, its funnel hour and its dirty-hour mark to the same
-- rows as every other partition's batch (the current minute of each region, the current hour), and
-- held their locks until it committed: the partitions' commits queued behind each other. At 12,000
-- events/s nearly half of the batches' active time in PostgreSQL was spent waiting for those locks.
-- These rows now carry the Kafka partition whose batches write them: a batch updates only its own
-- partition's rows, and readers sum over partitions, as they already summed over buckets.

ALTER TABLE sales_by_region_minute ADD COLUMN src_partition integer NOT NULL DEFAULT 0;
ALTER TABLE sales_by_region_minute DROP CONSTRAINT sales_by_region_minute_pkey;
ALTER TABLE sales_by_region_minute ADD PRIMARY KEY (bucket, region, src_partition);

ALTER TABLE sales_by_category_region_minute ADD COLUMN src_partition integer NOT NULL DEFAULT 0;
ALTER TABLE sales_by_category_region_minute DROP CONSTRAINT sales_by_category_region_minute_pkey;
ALTER TABLE sales_by_category_region_minute ADD PRIMARY KEY (bucket, category, region, src_partition);

ALTER TABLE funnel_hourly ADD COLUMN src_partition integer NOT NULL DEFAULT 0;
ALTER TABLE funnel_hourly DROP CONSTRAINT funnel_hourly_pkey;
ALTER TABLE funnel_hourly ADD PRIMARY KEY (category, bucket, region, level, src_partition);

-- A mark per hour and partition: the view maintenance still waits for every batch holding one.
ALTER TABLE sales_dirty_hours ADD COLUMN src_partition integer NOT NULL DEFAULT 0;
ALTER TABLE sales_dirty_hours DROP CONSTRAINT sales_dirty_hours_pkey;
ALTER TABLE sales_dirty_hours ADD PRIMARY KEY (bucket, src_partition);
