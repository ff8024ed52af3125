-- Sales rollups, upserted incrementally by the aggregator from newly stored orders only.
-- Two shapes, because an order counts once per category it touches: summing category rows
-- over categories would count an order with lines in two categories twice.
--   by_region:          every order exactly once (an order has one region)
--   by_category_region: orders = distinct orders with at least one line in the category
-- Hour tables hold the same figures as the minute tables, so that long ranges stay cheap.

CREATE TABLE sales_by_region_minute (
    bucket  timestamptz    NOT NULL,
    region  text           NOT NULL,
    revenue numeric(18, 2) NOT NULL,
    orders  bigint         NOT NULL,
    units   bigint         NOT NULL,
    PRIMARY KEY (bucket, region)
);

CREATE TABLE sales_by_region_hour (LIKE sales_by_region_minute INCLUDING ALL);

CREATE TABLE sales_by_category_region_minute (
    bucket   timestamptz    NOT NULL,
    category text           NOT NULL,
    region   text           NOT NULL,
    revenue  numeric(18, 2) NOT NULL,
    orders   bigint         NOT NULL,
    units    bigint         NOT NULL,
    PRIMARY KEY (bucket, category, region)
);
CREATE INDEX sales_by_category_region_minute_category_idx
    ON sales_by_category_region_minute (category, bucket);

CREATE TABLE sales_by_category_region_hour (LIKE sales_by_category_region_minute INCLUDING ALL);
