-- Rule-based fraud signals, evaluated by the aggregator for each newly stored order against the
-- orders stored before it, in the batch's transaction (so each order is judged exactly once).
CREATE TABLE fraud_flags (
    order_id    bigint         NOT NULL,
    rule        text           NOT NULL CHECK (rule IN ('velocity', 'high_value', 'many_regions')),
    customer_id bigint         NOT NULL,
    occurred_at timestamptz    NOT NULL,
    region      text           NOT NULL,
    revenue     numeric(12, 2) NOT NULL,
    reason      text           NOT NULL,
    flagged_at  timestamptz    NOT NULL DEFAULT now(),
    PRIMARY KEY (order_id, rule)
);
CREATE INDEX fraud_flags_time_idx ON fraud_flags (occurred_at DESC, order_id DESC, rule);
