-- Cancellations and inventory adjustments.
ALTER TYPE event_type ADD VALUE IF NOT EXISTS 'order_cancelled';
ALTER TYPE event_type ADD VALUE IF NOT EXISTS 'inventory_adjusted';

ALTER TABLE events
    ADD COLUMN stock_delta  integer,
    ADD COLUMN stock_reason text;

-- An order is cancelled at most once: the cancellation that did it is recorded on the order, so a
-- second one finds it cancelled (and is ignored), and Redis can be rebuilt from the stored rows.
ALTER TABLE orders
    ADD COLUMN cancelled_at    timestamptz,
    ADD COLUMN cancel_event_id uuid;

ALTER TABLE partition_progress
    ADD COLUMN cancellations_applied bigint NOT NULL DEFAULT 0,
    ADD COLUMN cancellations_ignored bigint NOT NULL DEFAULT 0;
