package com.shopstream.aggregator.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.EventType;
import com.shopstream.contract.OrderLine;
import com.shopstream.contract.ShopEvent;
import com.shopstream.contract.StockReason;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

        Map<Long, Long> deltas = BatchProcessor.stockChanges(List.of(new Candidate(restock, 3)), List.of(order, cancelledEarlier));

        assertThat(deltas).containsExactlyInAnyOrderEntriesOf(Map.of(5L, -2L, 7L, 40L));
    }

    @Test
    @DisplayName("Stock moves beyond 32 bits are summed exactly: three orders of 1,000 lines of a million units each")
    void stockChangesBeyondInt() {
        List<Sale.Line> lines = java.util.Collections.nCopies(1000, new Sale.Line(5, "books", 1_000_000, BigDecimal.ONE));
        List<Sale> orders = List.of(new Sale(1, T, "eu-west", lines, false), new Sale(2, T, "eu-west", lines, false),
                new Sale(3, T, "eu-west", lines, false));

        assertThat(BatchProcessor.stockChanges(List.of(), orders)).containsExactly(Map.entry(5L, -3_000_000_000L));
    }

    @Test
    @DisplayName("A cancellation read before its order in the same batch is ignored; a later one for the same order applies")
    void cancellationBeforeItsOrderInTheBatch() {
        ShopEvent early = cancellation(7);
        ShopEvent order = new ShopEvent(UUID.randomUUID(), EventType.ORDER_PLACED, T, 1, "s", "eu-west", 7L,
                List.of(new OrderLine(5, 1, BigDecimal.TEN)), null);
        ShopEvent late = cancellation(7);
        ShopEvent ofEarlierBatch = cancellation(3);
        List<Candidate> events = List.of(new Candidate(early, 10), new Candidate(order, 11), new Candidate(late, 12),
                new Candidate(ofEarlierBatch, 13), new Candidate(cancellation(3), 14));

        BatchProcessor.Kept kept = BatchProcessor.keep(new BatchProcessor.NewEvents(events, List.of(order), 0), Set.of(7L),
                Map.of(5L, "books"));

        assertThat(kept.cancellations()).containsExactly(new Candidate(late, 12), new Candidate(ofEarlierBatch, 13));
        assertThat(kept.cancellationsIgnored()).isEqualTo(2);
        assertThat(kept.orders()).containsExactly(order);
        assertThat(kept.events()).hasSize(5);
    }

    private static ShopEvent cancellation(long orderId) {
        return new ShopEvent(UUID.randomUUID(), EventType.ORDER_CANCELLED, T, 1, "s", "eu-west", orderId, List.of(), null);
    }
}
