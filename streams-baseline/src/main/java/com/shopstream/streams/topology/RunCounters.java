package com.shopstream.streams.topology;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * What the processors of every stream thread did, for the run's report. Held in memory, outside
 * the transactions: a task that was retried after an abort would count its records twice, which a
 * healthy single run does not do.
 */
public final class RunCounters {

    /** When the first record was processed, by the wall clock and by the process's CPU clock. */
    public record Mark(long nanos, long cpuNanos) {
    }

    private final LongAdder records = new LongAdder();
    private final LongAdder valid = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder invalid = new LongAdder();
    private final LongAdder orders = new LongAdder();
    private final AtomicReference<Mark> firstRecord = new AtomicReference<>();
    private final LongSupplier cpuNanos;

    public RunCounters(LongSupplier cpuNanos) {
        this.cpuNanos = cpuNanos;
    }

    void countRecord() {
        if (firstRecord.get() == null) {
            firstRecord.compareAndSet(null, new Mark(System.nanoTime(), cpuNanos.getAsLong()));
        }
        records.increment();
    }

    void countValid() {
        valid.increment();
    }

    void countDuplicate() {
        duplicates.increment();
    }

    void countInvalid() {
        invalid.increment();
    }

    void countOrder() {
        orders.increment();
    }

    public long records() {
        return records.sum();
    }

    /** Valid events seen for the first time: what the stores took in. */
    public long valid() {
        return valid.sum();
    }

    public long duplicates() {
        return duplicates.sum();
    }

    public long invalid() {
        return invalid.sum();
    }

    public long orders() {
        return orders.sum();
    }

    /** Empty until a record has been processed. */
    public Mark firstRecord() {
        return firstRecord.get();
    }
}
