package com.shopstream.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventJsonWriterTest {

    private final EventValidator validator = new EventValidator(
            Clock.fixed(Instant.parse("2026-11-28T04:00:00Z"), ZoneOffset.UTC), ValidationPolicy.DEFAULT);

    @Test
    @DisplayName("Canonical JSON reads back to the same event, prices exact")
    void roundTrip() throws Exception {
        ShopEvent order = new ShopEvent(UUID.randomUUID(), EventType.ORDER_PLACED,
                Instant.parse("2026-11-28T03:59:59.999999Z"), 9, "s-9", "us-east", 77L,
                List.of(new OrderLine(3, 2, new BigDecimal("0.10")), new OrderLine(4, 1, new BigDecimal("1234567.89"))),
                null);

        byte[] json = EventJsonWriter.write(order);
        ShopEvent back = validator.validate(EventJsonReader.readOne(json)).event();

        assertThat(back).isEqualTo(order);
        assertThat(new String(json, StandardCharsets.UTF_8))
                .contains("\"unitPrice\":0.10").contains("\"occurredAt\":\"2026-11-28T03:59:59.999999Z\"");
    }

    @Test
    @DisplayName("Absent optional fields are left out")
    void optionalFields() {
        ShopEvent checkout = new ShopEvent(UUID.randomUUID(), EventType.CHECKOUT_STARTED,
                Instant.parse("2026-11-28T03:00:00Z"), 1, null, null, null, List.of(), null);
        assertThat(new String(EventJsonWriter.write(checkout), StandardCharsets.UTF_8))
                .doesNotContain("sessionId").doesNotContain("region").doesNotContain("items");
    }

    @Test
    @DisplayName("An inventory adjustment round-trips with its delta and reason")
    void inventoryRoundTrip() throws Exception {
        ShopEvent adjustment = new ShopEvent(UUID.randomUUID(), EventType.INVENTORY_ADJUSTED,
                Instant.parse("2026-11-28T03:00:00Z"), 1, null, null, null, List.of(), 42L, 25, StockReason.RESTOCK);
        assertThat(validator.validate(EventJsonReader.readOne(EventJsonWriter.write(adjustment))).event()).isEqualTo(adjustment);
    }
}
