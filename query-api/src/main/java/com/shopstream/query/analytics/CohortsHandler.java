package com.shopstream.query.analytics;

import com.shopstream.query.api.BadParameterException;
import com.shopstream.query.api.Cursor;
import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.Params;
import com.shopstream.query.api.Ratios;
import com.shopstream.query.api.ReadEndpoint;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/cohorts?period=week|month&from&to[&limit][&cursor]}: customers grouped by the
 * period (UTC weeks from Monday, or months) of their first order that was not cancelled, with the
 * share of each cohort ordering again in every period since, up to the period of the data's as-of
 * time. From the {@code cohort_activity} view.
 */
public final class CohortsHandler implements ReadEndpoint {

    /** A kind of period: how to find the one an instant falls in, step along, and how many cohorts a range holds. */
    enum Period {
        WEEK(104) {
            @Override
            OffsetDateTime start(Instant t) {
                return t.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            }

            @Override
            OffsetDateTime plus(OffsetDateTime start, long periods) {
                return start.plusWeeks(periods);
            }
        },
        MONTH(36) {
            @Override
            OffsetDateTime start(Instant t) {
                return t.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
            }

            @Override
            OffsetDateTime plus(OffsetDateTime start, long periods) {
                return start.plusMonths(periods);
            }
        };

        final int maxCohorts;

        Period(int maxCohorts) {
            this.maxCohorts = maxCohorts;
        }

        abstract OffsetDateTime start(Instant t);

        abstract OffsetDateTime plus(OffsetDateTime start, long periods);

        String label() {
            return name().toLowerCase();
        }
    }

    private static final Map<String, Period> PERIODS = Map.of("week", Period.WEEK, "month", Period.MONTH);

    private final Pool pool;

    public CohortsHandler(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<CohortTable> answer(Parameters params) {
        Period period = Params.choice(params, "period", "week", PERIODS);
        OffsetDateTime from = period.start(Params.instant(params, "from"));
        OffsetDateTime to = Params.instant(params, "to").atOffset(ZoneOffset.UTC);
        if (!to.isAfter(from)) {
            throw new BadParameterException("to", "must be after 'from'");
        }
        if (to.isAfter(period.plus(from, period.maxCohorts))) {
            throw new BadParameterException("to", "a range of " + period.label() + " cohorts spans at most " + period.maxCohorts);
        }
        int limit = Params.integer(params, "limit", period.maxCohorts, 1, period.maxCohorts);
        Cursor cursor = Cursor.from(params, "c", 1);
        OffsetDateTime start = cursor == null ? from : period.plus(cursor.instantAt(0).atOffset(ZoneOffset.UTC), 1);
        return pool.preparedQuery(AnalyticsSql.COHORTS).execute(Tuple.of(period.label(), start, to, limit + 1)).map(rows -> {
            Map<OffsetDateTime, Map<OffsetDateTime, Long>> activity = new LinkedHashMap<>();
            OffsetDateTime asOf = null;
            for (Row row : rows) {
                activity.computeIfAbsent(row.getOffsetDateTime(0), c -> new LinkedHashMap<>())
                        .put(row.getOffsetDateTime(1), row.getLong(2));
                asOf = row.getOffsetDateTime(3);
            }
            OffsetDateTime dataAsOf = asOf;
            List<CohortTable.Cohort> cohorts = new ArrayList<>();
            OffsetDateTime last = null;
            boolean more = false;
            for (Map.Entry<OffsetDateTime, Map<OffsetDateTime, Long>> cohort : activity.entrySet()) {
                if (cohorts.size() == limit) {
                    more = true;
                    break;
                }
                last = cohort.getKey();
                cohorts.add(cohort(period, cohort.getKey(), cohort.getValue(), dataAsOf));
            }
            return new CohortTable(period.label(), from, to, dataAsOf, cohorts, more ? Cursor.encode("c", last.toInstant()) : null);
        });
    }

    /** One cohort with its retention in every period from its own to the one of the data's as-of time. */
    private static CohortTable.Cohort cohort(Period period, OffsetDateTime start, Map<OffsetDateTime, Long> active, OffsetDateTime asOf) {
        long size = active.getOrDefault(start, 0L);
        OffsetDateTime lastPeriod = asOf == null ? start : period.start(asOf.toInstant());
        List<CohortTable.Retention> retention = new ArrayList<>();
        for (long k = 0; !period.plus(start, k).isAfter(lastPeriod); k++) {
            long customers = active.getOrDefault(period.plus(start, k), 0L);
            retention.add(new CohortTable.Retention(k, period.plus(start, k), customers, Ratios.of(customers, size)));
        }
        return new CohortTable.Cohort(start, size, retention);
    }
}
