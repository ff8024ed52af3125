package com.shopstream.aggregator.store;

import com.shopstream.contract.EventType;
import com.shopstream.contract.OrderLine;
import com.shopstream.contract.ShopEvent;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores one partition's batch in a single PostgreSQL transaction: it locks the partition's
 * progress row, skips what an earlier commit already covered, writes dead letters, inserts the events
 * not stored yet (an eventId at its occurredAt), records new orderIds (taking back the rows of orders
 * placed before), inserts the new orders and lines, cancels the orders that new cancellations name
 * (once each), adds the minute rollup deltas of those orders and cancellations, raises the fraud
 * signals of the new orders, moves the sessions' funnel state, moves stock, marks the touched hours,
 * and moves the partition's offset and counters. Either all of it commits or none.
 *
 * <p>The transaction runs in stages; a statement waits only for the answers it needs, and the
 * statements of a stage are pipelined in one round trip (decision 0008).
 */
public final class BatchProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(BatchProcessor.class);

    private final EventStore store;
    private final CatalogCache catalog;
    private final DayPartitions dayPartitions;
    private final DeadLetterPublisher deadLetters;
    private final LateEvents lateEvents;
    private final FraudRules fraudRules;

    public BatchProcessor(EventStore store, CatalogCache catalog, DayPartitions dayPartitions,
                   DeadLetterPublisher deadLetters, LateEvents lateEvents, FraudRules fraudRules) {
        this.store = store;
        this.catalog = catalog;
        this.dayPartitions = dayPartitions;
        this.deadLetters = deadLetters;
        this.lateEvents = lateEvents;
        this.fraudRules = fraudRules;
    }

    public Future<StoredBatch> store(PartitionBatch batch) {
        Set<Long> products = new HashSet<>();
        List<Instant> times = new ArrayList<>(batch.candidates().size());
        for (Candidate candidate : batch.candidates()) {
            times.add(candidate.event().occurredAt());
            for (OrderLine line : candidate.event().items()) {
                products.add(line.productId());
            }
            if (candidate.event().productId() != null) {
                products.add(candidate.event().productId());
            }
        }
        return dayPartitions.ensureFor(times)
                .compose(ignored -> catalog.categories(products))
                .compose(categories -> store.pool().withTransaction(conn -> storeIn(conn, batch, categories)));
    }

    private Future<StoredBatch> storeIn(SqlConnection conn, PartitionBatch batch, Map<Long, String> categories) {
        int partition = batch.partition();
        return store.lockProgress(conn, partition).compose(progress -> {
            long from = progress.nextOffset();
            if (batch.lastOffset() < from) {
                LOG.info("partition {}: offsets {}..{} were already stored by an earlier commit",
                        partition, batch.firstOffset(), batch.lastOffset());
                return Future.succeededFuture(new StoredBatch(partition, from, from, List.of(), List.of()));
            }
            PartitionBatch pending = batch.from(from);
            long skipped = Math.max(0, pending.firstOffset() - from);
            if (skipped > 0) {
                LOG.warn("partition {}: offsets {}..{} are no longer on the topic (deleted by retention before they were stored); "
                        + "{} offsets skipped", partition, from, pending.firstOffset() - 1, skipped);
            }
            return deadLetters.publish(pending.deadLetters())
                    .compose(v -> store.insertEvents(conn, partition, pending.candidates()))
                    .compose(freshOffsets -> storeNew(conn, pending, freshOffsets, categories, progress, from, skipped));
        });
    }

    /** The candidates not stored before, with one order per orderId, and the duplicates so far. */
    record NewEvents(List<Candidate> events, List<ShopEvent> orders, int duplicates) {
    }

    private Future<StoredBatch> storeNew(SqlConnection conn, PartitionBatch batch, Set<Long> freshOffsets,
                                         Map<Long, String> categories, EventStore.Progress progress, long from, long skipped) {
        NewEvents candidates = newEvents(batch, freshOffsets);
        return store.insertOrderIds(conn, candidates.orders()).compose(freshOrderIds -> {
            Kept kept = keep(candidates, freshOrderIds, categories);
            LateEvents.Count late = lateEvents.count(progress.maxEventTime(), kept.times());
            List<ShopEvent> stored = events(kept.events());
            Map<SessionFunnel.Key, SessionFunnel.State> steps = SessionFunnel.steps(stored, categories, byOrderId(kept.sales()));
            // Sent without waiting for one another: the connection pipelines them in one round trip.
            Future<?> rows = Future.all(
                    store.deleteEvents(conn, unkept(batch, freshOffsets, kept)),
                    store.insertOrders(conn, kept.orders(), kept.sales()),
                    store.flagOrders(conn, kept.orders(), fraudRules),
                    store.upsertAffinities(conn, Affinities.of(stored)));
            Future<Map<SessionFunnel.Key, SessionFunnel.State>> sessions = store.lockFunnelSessions(conn, steps.keySet());
            Future<List<Sale>> cancelled = store.cancelOrders(conn, batch.partition(), kept.cancellations());
            return Future.all(rows, sessions, cancelled).compose(v -> {
                SessionFunnel.Changes funnel = SessionFunnel.merge(sessions.result(), steps);
                List<Sale> changes = new ArrayList<>(kept.sales());
                changes.addAll(cancelled.result());
                SalesRollup.Deltas rollups = SalesRollup.of(changes);
                EventStore.Counters counters = new EventStore.Counters(batch.nextOffset(), kept.events().size(),
                        candidates.duplicates() + candidates.orders().size() - kept.orders().size(), late.late(),
                        batch.deadLetters().size(), late.watermark(), cancelled.result().size(),
                        kept.cancellationsIgnored() + kept.cancellations().size() - cancelled.result().size(), skipped);
                // The sums the batch adds to (rollups, funnel hours, stock, marks) are rows of its own
                // partition: no other partition's batch waits for them (decision 0009).
                return Future.all(List.of(
                                store.writeFunnelSessions(conn, funnel.rows(), sessions.result().keySet()),
                                store.upsertRollups(conn, batch.partition(), rollups),
                                store.upsertFunnelRollup(conn, batch.partition(), funnel.deltas()),
                                store.moveStock(conn, batch.partition(), stockChanges(kept.events(), changes)),
                                store.markDirtyHours(conn, batch.partition(), rollups.touchedHours()),
                                store.updateProgress(conn, batch.partition(), counters)))
                        .map(done -> new StoredBatch(batch.partition(), from, batch.nextOffset(), kept.events(), changes));
            });
        });
    }

    /**
     * What a batch stores of its new events: all but orders whose orderId the ledger knew, the orders
     * with their sales, the cancellations to apply, how many it ignores, and the event times.
     */
    record Kept(List<Candidate> events, List<ShopEvent> orders, List<Sale> sales, List<Candidate> cancellations,
                int cancellationsIgnored, List<Instant> times) {
    }

    /**
     * Divides a batch's new events. A cancellation applies to an order read before it: one read before
     * its order in the same batch is ignored, as it would be in an earlier batch, and so is any
     * cancellation after the first that applies to an orderId.
     */
    static Kept keep(NewEvents candidates, Set<Long> freshOrderIds, Map<Long, String> categories) {
        List<Candidate> events = new ArrayList<>(candidates.events().size());
        List<ShopEvent> orders = new ArrayList<>(freshOrderIds.size());
        List<Sale> sales = new ArrayList<>(freshOrderIds.size());
        List<Candidate> cancellations = new ArrayList<>();
        Set<Long> placedInBatch = new HashSet<>();
        Set<Long> cancelledInBatch = new HashSet<>();
        int cancellationsIgnored = 0;
        List<Instant> times = new ArrayList<>(candidates.events().size());
        for (Candidate candidate : candidates.events()) {
            ShopEvent event = candidate.event();
            if (event.isOrder()) {
                if (!freshOrderIds.contains(event.orderId())) {
                    continue;
                }
                orders.add(event);
                sales.add(Sale.of(event, categories));
                placedInBatch.add(event.orderId());
            } else if (event.type() == EventType.ORDER_CANCELLED) {
                boolean placedLaterInBatch = freshOrderIds.contains(event.orderId()) && !placedInBatch.contains(event.orderId());
                if (!placedLaterInBatch && cancelledInBatch.add(event.orderId())) {
                    cancellations.add(candidate);
                } else {
                    cancellationsIgnored++;
                }
            }
            events.add(candidate);
            times.add(event.occurredAt());
        }
        return new Kept(events, orders, sales, cancellations, cancellationsIgnored, times);
    }

    /** The new events, already inserted, that the batch does not keep: orders whose orderId was known or came twice. */
    private static List<ShopEvent> unkept(PartitionBatch batch, Set<Long> freshOffsets, Kept kept) {
        if (kept.events().size() == freshOffsets.size()) {
            return List.of();
        }
        Set<Long> keptOffsets = new HashSet<>();
        kept.events().forEach(candidate -> keptOffsets.add(candidate.offset()));
        return batch.candidates().stream()
                .filter(candidate -> freshOffsets.contains(candidate.offset()) && !keptOffsets.contains(candidate.offset()))
                .map(Candidate::event)
                .toList();
    }

    private static List<ShopEvent> events(List<Candidate> candidates) {
        return candidates.stream().map(Candidate::event).toList();
    }

    private static Map<Long, Sale> byOrderId(List<Sale> sales) {
        Map<Long, Sale> byId = new HashMap<>(sales.size() * 2);
        sales.forEach(sale -> byId.put(sale.orderId(), sale));
        return byId;
    }

    /**
     * Orders take their units from stock, cancellations give them back, adjustments add their delta.
     * Summed in 64 bits (a batch can move billions of units of one product), and a sum beyond that
     * fails as data rather than wrapping.
     */
    static Map<Long, Long> stockChanges(List<Candidate> stored, List<Sale> changes) {
        Map<Long, Long> deltas = new HashMap<>();
        for (Sale sale : changes) {
            for (Sale.Line line : sale.lines()) {
                deltas.merge(line.productId(), -sale.sign() * (long) line.quantity(), Math::addExact);
            }
        }
        for (Candidate candidate : stored) {
            ShopEvent event = candidate.event();
            if (event.type() == EventType.INVENTORY_ADJUSTED) {
                deltas.merge(event.productId(), (long) event.stockDelta(), Math::addExact);
            }
        }
        deltas.values().removeIf(delta -> delta == 0);
        return deltas;
    }

    private static NewEvents newEvents(PartitionBatch batch, Set<Long> freshOffsets) {
        List<Candidate> events = new ArrayList<>(freshOffsets.size());
        List<ShopEvent> orders = new ArrayList<>();
        Set<Long> orderIds = new HashSet<>();
        int duplicates = batch.repeatedOffsets().size();
        for (Candidate candidate : batch.candidates()) {
            ShopEvent event = candidate.event();
            if (!freshOffsets.contains(candidate.offset()) || (event.isOrder() && !orderIds.add(event.orderId()))) {
                duplicates++;
            } else {
                events.add(candidate);
                if (event.isOrder()) {
                    orders.add(event);
                }
            }
        }
        return new NewEvents(events, orders, duplicates);
    }
}
