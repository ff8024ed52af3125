package com.shopstream.aggregator.store;

/**
 * The statements that store batches, and the day partitions and catalog lookups they need. Batches
 * go in as arrays and come out of {@code unnest}, so a batch costs a handful of statements whatever
 * its size. Numbers that must stay exact travel as text and are cast to numeric by the server.
 * Wide rows come out of one {@code unnest} per array in the select list, which steps through the
 * arrays together; {@code unnest(a, b, …)} in FROM first copies each array into a tuplestore of
 * its own (a fifth of the events' insert, idle, at eleven columns).
 */
final class StoreSql {

    private StoreSql() {
    }

    static final String ENSURE_PROGRESS = """
            INSERT INTO partition_progress (consumer_group, topic, partition)
            SELECT $1, $2, p FROM unnest($3::int[]) AS p
            ON CONFLICT DO NOTHING""";

    static final String READ_OFFSETS = """
            SELECT partition, next_offset FROM partition_progress
            WHERE consumer_group = $1 AND topic = $2 AND partition = ANY($3::int[])""";

    static final String LOCK_PROGRESS = """
            SELECT next_offset, max_event_time FROM partition_progress
            WHERE consumer_group = $1 AND topic = $2 AND partition = $3
            FOR UPDATE""";

    static final String UPDATE_PROGRESS = """
            UPDATE partition_progress SET
                next_offset = $4,
                events_stored = events_stored + $5,
                duplicates_dropped = duplicates_dropped + $6,
                late_events = late_events + $7,
                dead_lettered = dead_lettered + $8,
                max_event_time = GREATEST(max_event_time, $9),
                cancellations_applied = cancellations_applied + $10,
                cancellations_ignored = cancellations_ignored + $11,
                offsets_skipped = offsets_skipped + $12,
                updated_at = now()
            WHERE consumer_group = $1 AND topic = $2 AND partition = $3""";

    static final String ENSURE_DAY_PARTITIONS = "SELECT ensure_day_partitions($1::date[])";

    static final String DROP_EXPIRED_PARTITIONS = "SELECT drop_day_partitions_before($1::date)";

    static final String TRY_MAINTENANCE_LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('shopstream.maintenance'))";

    static final String INSERT_ORDER_IDS = """
            INSERT INTO order_ids (order_id, occurred_at)
            SELECT * FROM unnest($1::bigint[], $2::timestamptz[])
            ON CONFLICT DO NOTHING
            RETURNING order_id""";

    /**
     * Inserts the events not stored yet and returns their offsets: the unique index on
     * {@code (occurred_at, event_id)} is the events' idempotency ledger (decision 0015). A read finds
     * what is committed; an event that another partition's batch is inserting at the same moment
     * fails this batch on the index, a lost race that the retry resolves ({@code Failures}). Cheaper
     * than {@code ON CONFLICT DO NOTHING}, whose speculative insertion every row pays.
     */
    static final String INSERT_EVENTS = """
            INSERT INTO events (event_id, occurred_at, type, customer_id, session_id, region, product_id, order_id,
                                stock_delta, stock_reason, src_partition, src_offset)
            SELECT e.event_id, e.occurred_at, e.type::event_type, e.customer_id, e.session_id, e.region, e.product_id,
                   e.order_id, e.stock_delta, e.stock_reason, $11, e.src_offset
            FROM (SELECT unnest($1::uuid[]) AS event_id, unnest($2::timestamptz[]) AS occurred_at, unnest($3::text[]) AS type,
                         unnest($4::bigint[]) AS customer_id, unnest($5::text[]) AS session_id, unnest($6::text[]) AS region,
                         unnest($7::bigint[]) AS product_id, unnest($8::bigint[]) AS order_id, unnest($9::int[]) AS stock_delta,
                         unnest($10::text[]) AS stock_reason, unnest($12::bigint[]) AS src_offset) e
            WHERE NOT EXISTS (SELECT 1 FROM events x WHERE x.occurred_at = e.occurred_at AND x.event_id = e.event_id)
            RETURNING src_offset""";

    /** Takes back the rows of new events the batch does not keep: orders whose orderId was known. */
    static final String DELETE_EVENTS = """
            DELETE FROM events e
            USING unnest($1::uuid[], $2::timestamptz[]) AS d(event_id, occurred_at)
            WHERE e.event_id = d.event_id AND e.occurred_at = d.occurred_at""";

    /**
     * Cancels the orders that are not cancelled yet, recording which event did it, and returns
     * their lines: what the cancellation takes back from the rollups, Redis and stock.
     */
    static final String CANCEL_ORDERS = """
            WITH requested AS (
                SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::timestamptz[], $4::bigint[])
                    AS r(order_id, event_id, cancelled_at, src_offset)),
            cancelled AS (
                UPDATE orders o SET cancelled_at = r.cancelled_at, cancel_event_id = r.event_id,
                                    cancel_src_partition = $5, cancel_src_offset = r.src_offset
                FROM requested r
                WHERE o.order_id = r.order_id AND o.cancelled_at IS NULL
                RETURNING o.order_id, o.occurred_at, o.region)
            SELECT c.order_id, c.occurred_at, c.region, i.product_id, i.category, i.quantity, i.unit_price::text
            FROM cancelled c JOIN order_items i ON i.order_id = c.order_id AND i.occurred_at = c.occurred_at
            ORDER BY c.order_id, i.line_no""";

    /**
     * Adds a batch's stock moves ({@code $1} products, {@code $2} deltas) to its partition's ({@code $3})
     * rows; products not in the catalog have no stock and are skipped.
     */
    static final String MOVE_STOCK = """
            INSERT INTO product_stock_moves AS m (product_id, src_partition, delta)
            SELECT d.product_id, $3::int, d.delta FROM unnest($1::bigint[], $2::bigint[]) AS d(product_id, delta)
            WHERE EXISTS (SELECT 1 FROM product_stock s WHERE s.product_id = d.product_id)
            ON CONFLICT (product_id, src_partition) DO UPDATE SET delta = m.delta + excluded.delta, updated_at = now()""";

    static final String INSERT_ORDERS = """
            INSERT INTO orders (order_id, event_id, occurred_at, customer_id, region, revenue, units)
            SELECT unnest($1::bigint[]), unnest($2::uuid[]), unnest($3::timestamptz[]), unnest($4::bigint[]), unnest($5::text[]),
                   unnest($6::text[]::numeric[]), unnest($7::int[])""";

    static final String INSERT_ORDER_ITEMS = """
            INSERT INTO order_items (order_id, occurred_at, line_no, product_id, category, quantity, unit_price)
            SELECT unnest($1::bigint[]), unnest($2::timestamptz[]), unnest($3::smallint[]), unnest($4::bigint[]), unnest($5::text[]),
                   unnest($6::int[]), unnest($7::text[]::numeric[])""";

    /** Adds a batch's minute sales by region to its partition's ({@code $6}) rows. */
    static final String UPSERT_REGION_MINUTE = """
            INSERT INTO sales_by_region_minute AS t (bucket, region, revenue, orders, units, src_partition)
            SELECT unnest($1::timestamptz[]), unnest($2::text[]), unnest($3::text[]::numeric[]), unnest($4::bigint[]), unnest($5::bigint[]),
                   $6::int
            ON CONFLICT (bucket, region, src_partition) DO UPDATE SET revenue = t.revenue + excluded.revenue,
                orders = t.orders + excluded.orders, units = t.units + excluded.units""";

    /** Adds a batch's minute sales by category and region to its partition's ({@code $7}) rows. */
    static final String UPSERT_CATEGORY_REGION_MINUTE = """
            INSERT INTO sales_by_category_region_minute AS t (bucket, category, region, revenue, orders, units, src_partition)
            SELECT unnest($1::timestamptz[]), unnest($2::text[]), unnest($3::text[]), unnest($4::text[]::numeric[]),
                   unnest($5::bigint[]), unnest($6::bigint[]), $7::int
            ON CONFLICT (bucket, category, region, src_partition) DO UPDATE SET revenue = t.revenue + excluded.revenue,
                orders = t.orders + excluded.orders, units = t.units + excluded.units""";

    /**
     * Marks the hours a batch changed for the view maintenance, in its partition's ({@code $2}) marks.
     * The update (rather than DO NOTHING) locks an existing mark until the batch commits, so the
     * leader cannot take the mark and recompute the hour without seeing this batch's minute rows.
     */
    static final String MARK_DIRTY_HOURS = """
            INSERT INTO sales_dirty_hours AS d (bucket, src_partition)
            SELECT unnest($1::timestamptz[]), $2::int
            ON CONFLICT (bucket, src_partition) DO UPDATE SET touches = d.touches + 1""";

    /**
     * Judges the new orders ({@code $1} ids, {@code $2} times) against the customer's orders stored so
     * far: more than {@code $3} orders within {@code $4} minutes; revenue above {@code $5} times the
     * average of at least {@code $6} earlier kept orders; {@code $7} or more regions within an hour.
     * The first and the last read the customer's recent orders in one index scan per new order. Each
     * rule carries the order's columns: joined back to {@code fresh} instead, the rules ended up on
     * the inner side of a nested loop and the high-value lookup ran once per pair of new orders.
     */
    static final String FLAG_ORDERS = """
            WITH fresh AS (
                SELECT o.order_id, o.customer_id, o.occurred_at, o.region, o.revenue
                FROM unnest($1::bigint[], $2::timestamptz[]) AS n(order_id, occurred_at)
                JOIN orders o ON o.order_id = n.order_id AND o.occurred_at = n.occurred_at),
            recent AS (
                SELECT f.*, r.orders, r.regions, r.region_names
                FROM fresh f
                CROSS JOIN LATERAL (
                    SELECT count(*) FILTER (WHERE p.occurred_at > f.occurred_at - make_interval(mins => $4::int)) AS orders,
                           count(DISTINCT p.region) FILTER (WHERE p.occurred_at > f.occurred_at - interval '1 hour') AS regions,
                           string_agg(DISTINCT p.region, ', ' ORDER BY p.region)
                               FILTER (WHERE p.occurred_at > f.occurred_at - interval '1 hour') AS region_names
                    FROM orders p
                    WHERE p.customer_id = f.customer_id
                      AND p.occurred_at > f.occurred_at - greatest(make_interval(mins => $4::int), interval '1 hour')
                      AND p.occurred_at <= f.occurred_at) r),
            velocity AS (
                SELECT order_id, 'velocity' AS rule, customer_id, occurred_at, region, revenue,
                       format('%s orders from customer %s within %s minutes (more than %s)', orders, customer_id, $4::int, $3::int) AS reason
                FROM recent
                WHERE orders > $3::int),
            high_value AS (
                SELECT f.order_id, 'high_value' AS rule, f.customer_id, f.occurred_at, f.region, f.revenue,
                       format('order of %s is %s times the customer''s average of %s over %s earlier orders (limit %s times)',
                              f.revenue, round(f.revenue / t.average, 1), round(t.average, 2), t.orders, $5::numeric) AS reason
                FROM fresh f
                CROSS JOIN LATERAL (
                    SELECT avg(r.revenue) AS average, count(*) AS orders FROM (
                        SELECT p.revenue FROM orders p
                        WHERE p.customer_id = f.customer_id AND p.occurred_at < f.occurred_at AND p.cancelled_at IS NULL
                        ORDER BY p.occurred_at DESC
                        LIMIT $8::int) r) t
                WHERE t.orders >= $6::int AND t.average > 0 AND f.revenue > $5::numeric * t.average),
            regions AS (
                SELECT order_id, 'many_regions' AS rule, customer_id, occurred_at, region, revenue,
                       format('customer %s ordered from %s regions within an hour: %s', customer_id, regions, region_names) AS reason
                FROM recent
                WHERE regions >= $7::int)
            INSERT INTO fraud_flags (order_id, rule, customer_id, occurred_at, region, revenue, reason)
            SELECT * FROM velocity UNION ALL SELECT * FROM high_value UNION ALL SELECT * FROM regions
            ON CONFLICT DO NOTHING""";

    /** Adds a batch's affinity deltas; the latest event's region wins, a tie going to the greater region name, as in Java. */
    static final String UPSERT_AFFINITIES = """
            INSERT INTO customer_affinity AS a (customer_id, product_id, weight, events, last_at, last_region)
            SELECT unnest($1::bigint[]), unnest($2::bigint[]), unnest($3::float8[]), unnest($4::int[]), unnest($5::timestamptz[]),
                   unnest($6::text[])
            ON CONFLICT (customer_id, product_id) DO UPDATE SET
                weight = a.weight + excluded.weight,
                events = a.events + excluded.events,
                last_region = CASE WHEN excluded.last_at > a.last_at
                                     OR (excluded.last_at = a.last_at AND excluded.last_region COLLATE "C" > a.last_region COLLATE "C")
                                   THEN excluded.last_region ELSE a.last_region END,
                last_at = greatest(a.last_at, excluded.last_at)""";

    /**
     * The funnel rows of the batch's sessions, locked. A session's events normally all come through
     * one partition (its customer's); see {@link Failures} for when they do not.
     */
    static final String LOCK_FUNNEL_SESSIONS = """
            SELECT session_id, categories, regions, category_started_at, steps FROM funnel_sessions
            WHERE session_id = ANY($1::text[])
            ORDER BY session_id
            FOR UPDATE""";

    /** A session's row from its categories' states, one element of each array per category. */
    private static final String FUNNEL_SESSION_ROWS = """
            SELECT session_id, min(started_at) AS started_at, array_agg(category) AS categories, array_agg(region) AS regions,
                   array_agg(started_at) AS category_started_at, array_agg(steps) AS steps
            FROM (SELECT unnest($1::text[]) AS session_id, unnest($2::text[]) AS category, unnest($3::text[]) AS region,
                         unnest($4::timestamptz[]) AS started_at, unnest($5::smallint[]) AS steps) u
            GROUP BY session_id""";

    /** New sessions, in key order: consecutive rows share the upper pages of the index. */
    static final String INSERT_FUNNEL_SESSIONS = """
            INSERT INTO funnel_sessions (session_id, started_at, categories, regions, category_started_at, steps)
            """ + FUNNEL_SESSION_ROWS + """

            ORDER BY session_id""";

    static final String UPDATE_FUNNEL_SESSIONS = """
            UPDATE funnel_sessions f SET started_at = u.started_at, categories = u.categories, regions = u.regions,
                                         category_started_at = u.category_started_at, steps = u.steps
            FROM (""" + FUNNEL_SESSION_ROWS + """
            ) u
            WHERE f.session_id = u.session_id""";

    /** Adds a batch's funnel deltas to its partition's ({@code $6}) rows. */
    static final String UPSERT_FUNNEL_HOURLY = """
            INSERT INTO funnel_hourly AS f (bucket, category, region, level, sessions, src_partition)
            SELECT unnest($1::timestamptz[]), unnest($2::text[]), unnest($3::text[]), unnest($4::smallint[]), unnest($5::bigint[]),
                   $6::int
            ON CONFLICT (category, bucket, region, level, src_partition) DO UPDATE SET sessions = f.sessions + excluded.sessions""";

    static final String PRODUCT_CATEGORIES = """
            SELECT p.id, c.name FROM products p JOIN categories c ON c.id = p.category_id
            WHERE p.id = ANY($1::bigint[])""";

    /**
     * The first offset of a partition's range [{@code $2}, {@code $3}) that {@link #REPLAY_RANGE} would
     * read anything back from, given the same {@code $4}; {@code $3} when there is none. Every offset
     * before it is outside the windows Redis keeps, so a rebuild skips it. Besides the events from
     * {@code $4} on, that is a cancellation stamped earlier of an order placed since, found from the
     * order. An order cancelled before orders recorded that offset (V22) allows no skip.
     */
    static final String FIRST_REPLAYED_OFFSET = """
            SELECT least(
                (SELECT min(src_offset) FROM events
                 WHERE src_partition = $1 AND src_offset >= $2 AND src_offset < $3 AND occurred_at >= $4),
                (SELECT min(coalesce(cancel_src_offset, $2)) FROM orders
                 WHERE occurred_at >= $4 AND cancelled_at < $4
                   AND (cancel_src_offset IS NULL
                        OR cancel_src_partition = $1 AND cancel_src_offset >= $2 AND cancel_src_offset < $3)),
                $3)""";

    /**
     * The events first stored from an offset range of a partition, for rebuilding Redis: orders with
     * their lines, and the cancellations that took effect with the lines and time of their order.
     * Only what happened from {@code $4} on (what Redis still keeps) is read: for a cancellation, its
     * order's time counts, not its own, since a late cancellation may carry an earlier time than the
     * order it cancels, and the live path subtracts it from the order's minute.
     */
    static final String REPLAY_RANGE = """
            SELECT e.src_offset, e.type::text, e.occurred_at, e.customer_id, coalesce(o.region, e.region), e.order_id,
                   o.occurred_at, i.product_id, i.category, i.quantity, i.unit_price::text
            FROM events e
            LEFT JOIN orders o ON e.type = 'order_cancelled' AND o.order_id = e.order_id AND o.cancel_event_id = e.event_id
                                  AND o.occurred_at >= $4
            LEFT JOIN order_items i ON i.order_id = e.order_id AND i.occurred_at >= $4
                                       AND i.occurred_at = CASE WHEN e.type = 'order_placed' THEN e.occurred_at ELSE o.occurred_at END
            WHERE e.src_partition = $1 AND e.src_offset >= $2 AND e.src_offset < $3
              AND (e.occurred_at >= $4 OR e.type = 'order_cancelled')
            ORDER BY e.src_offset, i.line_no""";
}
