package com.shopstream.aggregator;

import com.shopstream.aggregator.maintenance.RefreshPacing;
import com.shopstream.aggregator.store.FraudRules;
import com.shopstream.common.ConnectionSettings;
import com.shopstream.common.Settings;
import com.shopstream.contract.Topics;
import com.shopstream.contract.ValidationPolicy;
import java.time.Duration;

/** Everything the aggregator can be told from its environment; README lists each variable. */
public record AggregatorConfig(
        ConnectionSettings connections,
        String consumerGroup,
        String topic,
        String deadLetterTopic,
        int maxPollRecords,
        Duration batchInterval,
        ValidationPolicy validation,
        Duration lateThreshold,
        int retentionDays,
        String host,
        int port,
        int unhealthyAfterFailures,
        int pgPoolSize,
        Duration redisTimeout,
        RefreshPacing viewRefreshPacing,
        int viewMaintenanceNice,
        FraudRules fraudRules) {

    public AggregatorConfig {
        long latenessDays = validation.allowedLateness().toDays() + 1;
        if (retentionDays < latenessDays) {
            throw new IllegalArgumentException("SHOP_RETENTION_DAYS (" + retentionDays
                    + ") must be at least the allowed lateness plus one day (" + latenessDays + ")");
        }
        if (maxPollRecords < 1 || unhealthyAfterFailures < 1 || pgPoolSize < 2) {
            throw new IllegalArgumentException(
                    "SHOP_AGGREGATOR_MAX_POLL_RECORDS and SHOP_AGGREGATOR_UNHEALTHY_AFTER must be positive, SHOP_AGGREGATOR_PG_POOL at least 2");
        }
        if (viewMaintenanceNice < 0 || viewMaintenanceNice > 19) {
            throw new IllegalArgumentException("SHOP_VIEW_MAINTENANCE_NICE (" + viewMaintenanceNice + ") must be from 0 to 19");
        }
    }

    public static AggregatorConfig from(Settings settings) {
        return new AggregatorConfig(
                ConnectionSettings.from(settings),
                settings.string("SHOP_AGGREGATOR_GROUP", "shopstream-aggregator"),
                Topics.EVENTS,
                Topics.EVENTS_DLQ,
                settings.integer("SHOP_AGGREGATOR_MAX_POLL_RECORDS", 20000),
                settings.duration("SHOP_AGGREGATOR_BATCH_INTERVAL", Duration.ofMillis(100)),
                new ValidationPolicy(
                        settings.duration("SHOP_ALLOWED_LATENESS", ValidationPolicy.DEFAULT.allowedLateness()),
                        settings.duration("SHOP_MAX_FUTURE_SKEW", ValidationPolicy.DEFAULT.maxFutureSkew())),
                settings.duration("SHOP_LATE_THRESHOLD", Duration.ofMinutes(1)),
                settings.integer("SHOP_RETENTION_DAYS", 30),
                settings.string("SHOP_AGGREGATOR_HOST"),
                settings.integer("SHOP_AGGREGATOR_PORT"),
                settings.integer("SHOP_AGGREGATOR_UNHEALTHY_AFTER", 10),
                settings.integer("SHOP_AGGREGATOR_PG_POOL", 6),
                // A rebuild applies up to 50,000 offsets' effects in one script: far longer than a request's command.
                settings.duration("SHOP_AGGREGATOR_REDIS_TIMEOUT", Duration.ofSeconds(30)),
                new RefreshPacing(settings.duration("SHOP_VIEW_REFRESH_INTERVAL", Duration.ofSeconds(5)),
                        settings.duration("SHOP_VIEW_REFRESH_MAX_INTERVAL", Duration.ofMinutes(5))),
                settings.integer("SHOP_VIEW_MAINTENANCE_NICE", 10),
                FraudRules.from(settings));
    }
}
