package com.shopstream.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.EventType;
import com.shopstream.contract.ShopEvent;
import com.shopstream.contract.StockReason;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BatchProcessorTest {

    private static final Instant T = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    @DisplayName("Orders take units from stock, cancellations give them back, adjustments add their delta; net zero leaves no update")
    void stockChanges() {
        Sale order = new Sale(1, T, "eu-west", List.of(
                new Sale.Line(5, "books", 2, BigDecimal.ONE), new Sale.Line(6, "books", 1, BigDecimal.ONE)), false);
        Sale cancelledEarlier = new Sale(2, T, "eu-west", List.of(new Sale.Line(6, "books", 1, BigDecimal.ONE)), true);
        ShopEvent restock = new ShopEvent(UUID.randomUUID(), EventType.INVENTORY_ADJUSTED, T, 1, null, null, null, List.of(),
                7L, 40, StockReason.RESTOCK);

        Map<Long, Integer> deltas = BatchProcessor.stockChanges(List.of(new Candidate(restock, 3)), List.of(order, cancelledEarlier));

        assertThat(deltas).containsExactlyInAnyOrderEntriesOf(Map.of(5L, -2, 7L, 40));
    }
}
