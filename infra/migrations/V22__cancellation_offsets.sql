-- Where the cancellation that cancelled an order was read. A Redis rebuild skips a partition's offsets
-- older than the windows; a cancellation stamped before them still takes an order inside them back,
-- and this finds it from the window's orders instead of a scan of the partition's history.
ALTER TABLE orders
    ADD COLUMN cancel_src_partition integer,
    ADD COLUMN cancel_src_offset    bigint;
