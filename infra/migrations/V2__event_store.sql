-- Raw events, orders and order lines, range-partitioned by event time (one partition per UTC day).
-- Partitions are created ahead by the aggregator's maintenance and on demand for the days a batch
-- holds; there is deliberately no default partition, so a missing partition fails loudly.

CREATE TYPE event_type AS ENUM ('order_placed', 'product_viewed', 'cart_added', 'checkout_started');

-- The idempotency ledger: one row per eventId ever stored. A unique index on a partitioned table
-- must contain the partition key, which would let a resent event with another occurredAt through;
-- this unpartitioned table makes eventId unique on its own.
CREATE TABLE event_ids (
    event_id    uuid PRIMARY KEY,
    occurred_at timestamptz NOT NULL
);
CREATE INDEX event_ids_occurred_at_brin ON event_ids USING brin (occurred_at);

-- The same for orders: an order is placed once. A second order_placed for a known orderId (a
-- producer that retried with a fresh eventId) is dropped as a duplicate instead of counted twice.
CREATE TABLE order_ids (
    order_id    bigint PRIMARY KEY,
    occurred_at timestamptz NOT NULL
);
CREATE INDEX order_ids_occurred_at_brin ON order_ids USING brin (occurred_at);

CREATE TABLE events (
    event_id      uuid        NOT NULL,
    occurred_at   timestamptz NOT NULL,
    type          event_type  NOT NULL,
    customer_id   bigint      NOT NULL,
    session_id    text,
    region        text,
    product_id    bigint,
    order_id      bigint,
    -- Where the event was first read; lets Redis be rebuilt for an exact range of a Kafka partition.
    src_partition integer     NOT NULL,
    src_offset    bigint      NOT NULL
) PARTITION BY RANGE (occurred_at);
CREATE INDEX events_occurred_at_brin ON events USING brin (occurred_at);
CREATE INDEX events_src_offset_brin ON events USING brin (src_offset);

CREATE TABLE orders (
    order_id    bigint         NOT NULL,
    event_id    uuid           NOT NULL,
    occurred_at timestamptz    NOT NULL,
    customer_id bigint         NOT NULL,
    region      text           NOT NULL,
    revenue     numeric(12, 2) NOT NULL,
    units       integer        NOT NULL
) PARTITION BY RANGE (occurred_at);
CREATE INDEX orders_order_id_idx ON orders (order_id);

CREATE TABLE order_items (
    order_id    bigint         NOT NULL,
    occurred_at timestamptz    NOT NULL,
    line_no     smallint       NOT NULL,
    product_id  bigint         NOT NULL,
    -- The product's category when the order was stored ('unknown' when not in the catalog).
    category    text           NOT NULL,
    quantity    integer        NOT NULL,
    unit_price  numeric(12, 2) NOT NULL
) PARTITION BY RANGE (occurred_at);
CREATE INDEX order_items_order_id_idx ON order_items (order_id);

-- Creates the day partitions of every partitioned table for the given days; returns how many it made.
CREATE FUNCTION ensure_day_partitions(days date[]) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    day     date;
    parent  text;
    child   text;
    created integer := 0;
BEGIN
    -- Several aggregators may ask at once; one at a time avoids "relation already exists" races.
    PERFORM pg_advisory_xact_lock(hashtext('shopstream.ensure_day_partitions'));
    FOREACH day IN ARRAY days LOOP
        FOREACH parent IN ARRAY ARRAY['events', 'orders', 'order_items'] LOOP
            child := parent || '_' || to_char(day, 'YYYYMMDD');
            IF to_regclass(child) IS NULL THEN
                EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                               child, parent,
                               to_char(day, 'YYYY-MM-DD') || ' 00:00:00+00',
                               to_char(day + 1, 'YYYY-MM-DD') || ' 00:00:00+00');
                created := created + 1;
            END IF;
        END LOOP;
    END LOOP;
    RETURN created;
END;
$$;

-- Drops the day partitions that end on or before the cutoff day, and forgets their event and order ids.
CREATE FUNCTION drop_day_partitions_before(cutoff date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    part    record;
    dropped integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('shopstream.ensure_day_partitions'));
    FOR part IN
        SELECT c.relname
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relname IN ('events', 'orders', 'order_items')
          AND c.relname ~ '_[0-9]{8}$'
          AND to_date(right(c.relname, 8), 'YYYYMMDD') < cutoff
    LOOP
        EXECUTE format('DROP TABLE %I', part.relname);
        dropped := dropped + 1;
    END LOOP;
    DELETE FROM event_ids WHERE occurred_at < cutoff::timestamp AT TIME ZONE 'UTC';
    DELETE FROM order_ids WHERE occurred_at < cutoff::timestamp AT TIME ZONE 'UTC';
    RETURN dropped;
END;
$$;
