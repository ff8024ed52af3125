package com.shopstream.loadgen.load;

import com.shopstream.contract.ShopEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Sends shaped simulator events at a steady rate for a duration: the pacing loop shared by load
 * runs and the benchmark. Each event goes to the main sink, or to the other one when the shaper
 * says so. When the run keeps a ground truth, the sinks put events in it as they are acknowledged;
 * this loop tells it beforehand which events go out twice.
 * A duplicate through the other path is a client's retry: it goes out once the first attempt has
 * been answered, so it can never overtake the original (which would change what the pipeline
 * reads first, and so whether a cancellation comes after its order).
 */
public final class LoadRunner {

    private final ShopperSimulator shoppers;
    private final TrafficShaper shaper;
    private final EventSink main;
    private final EventSink other;
    private final AcknowledgedEvents acknowledged;
    private final int maxChunk;
    private final AtomicLong sent = new AtomicLong();
    private final Deque<Retries> retries = new ArrayDeque<>();
    private CompletableFuture<Void> previousMainSend = CompletableFuture.completedFuture(null);

    /** Duplicates for the other path, held until the sends that may hold their originals are answered. */
    private record Retries(CompletableFuture<Void> originalsAnswered, List<ShopEvent> events) {
    }

    public LoadRunner(ShopperSimulator shoppers, TrafficShaper shaper, EventSink main, EventSink other,
                      AcknowledgedEvents acknowledged, int maxChunk) {
        this.shoppers = shoppers;
        this.shaper = shaper;
        this.main = main;
        this.other = other;
        this.acknowledged = acknowledged;
        this.maxChunk = maxChunk;
    }

    /** Sends at {@code rate} events per second for {@code duration}; calls {@code tick} with the elapsed nanoseconds as it goes. */
    public void run(int rate, Duration duration, LongConsumer tick) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long sentAtStart = sent.get();
        for (long now = start; now < end && !Thread.currentThread().isInterrupted(); now = System.nanoTime()) {
            long due = (long) ((now - start) / 1e9 * rate) - (sent.get() - sentAtStart);
            if (due <= 0) {
                TimeUnit.MICROSECONDS.sleep(500);
            } else {
                Instant at = Instant.now();
                List<TrafficShaper.Send> sends = new ArrayList<>();
                while (sends.size() < Math.min(due, maxChunk)) {
                    sends.addAll(shaper.shape(shoppers.next(at)));
                }
                dispatch(sends);
            }
            sendAnsweredRetries();
            tick.accept(now - start);
        }
        dispatch(shaper.drain());
    }

    public long sent() {
        return sent.get();
    }

    /** Waits for the main path, sends the duplicates still held (as a client retries after a timeout), and waits for them. */
    public void flush(Duration timeout) {
        main.flush(timeout);
        for (Retries held = retries.poll(); held != null; held = retries.poll()) {
            try {
                held.originalsAnswered().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // unanswered: retried all the same
            }
            other.send(held.events());
        }
        if (other != null) {
            other.flush(timeout);
        }
    }

    private void dispatch(List<TrafficShaper.Send> sends) {
        List<ShopEvent> viaMain = new ArrayList<>(sends.size());
        List<ShopEvent> viaOther = new ArrayList<>();
        for (TrafficShaper.Send send : sends) {
            if (acknowledged != null && send.twice() && !send.duplicate()) {
                acknowledged.willSendTwice(send.event().eventId());
            }
            (send.otherPath() && other != null ? viaOther : viaMain).add(send.event());
        }
        CompletableFuture<Void> mainSend = main.send(viaMain);
        if (!viaOther.isEmpty()) {
            // A duplicate's original was sent by this dispatch or, if it was the last event of one, the one before.
            retries.add(new Retries(CompletableFuture.allOf(previousMainSend, mainSend), viaOther));
        }
        previousMainSend = mainSend;
        sent.addAndGet(sends.size());
    }

    /** Sends the held duplicates whose originals have been answered, in the order they were held. */
    private void sendAnsweredRetries() {
        while (!retries.isEmpty() && retries.peek().originalsAnswered().isDone()) {
            other.send(retries.poll().events());
        }
    }
}
