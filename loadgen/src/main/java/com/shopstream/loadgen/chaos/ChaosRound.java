package com.shopstream.loadgen.chaos;

import com.shopstream.loadgen.cli.ApiClient;
import com.shopstream.loadgen.load.LoadPlan;
import com.shopstream.loadgen.load.LoadResult;
import com.shopstream.loadgen.load.LoadSession;
import com.shopstream.loadgen.verify.Verifier;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One chaos round: a verified load run with one fault injected a set time after sending starts.
 * It measures the outage (from the fault until the component answers its clients again), the time
 * until the consumer lag is back to what it was before the fault, and from the verification what
 * the fault cost: events lost or counted twice, and checks failed.
 */
final class ChaosRound {

    private static final Duration HEAL_BUDGET = Duration.ofMinutes(3);
    private static final long BASELINE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(5);

    /**
     * What a round found. {@code lagRecovered} is null when the lag did not come back during the round;
     * {@code error} says why the round's load run could not finish (then nothing was verified), else null.
     */
    record Outcome(Fault fault, Duration injectedAfter, Duration outage, Duration lagRecovered, long acknowledged,
                   long failedSends, long lost, long doubleCounted, long checksFailed, String error) {

        boolean passed() {
            return error == null && failedSends == 0 && lost == 0 && doubleCounted == 0 && checksFailed == 0 && outage != null;
        }
    }

    /** How the stack healed: null where it did not within the budget. */
    private record Healing(Duration outage, Duration lagRecovered) {
        static final Healing NEVER = new Healing(null, null);
    }

    private final StackControl stack;
    private final LoadSession session;
    private final ApiClient api;
    private final PrintWriter err;

    ChaosRound(StackControl stack, LoadSession session, ApiClient api, PrintWriter err) {
        this.stack = stack;
        this.session = session;
        this.api = api;
        this.err = err;
    }

    Outcome run(LoadPlan plan, Fault fault, Duration injectAfter) throws Exception {
        CountDownLatch sending = new CountDownLatch(1);
        try (LagSampler lag = new LagSampler(api)) {
            CompletableFuture<Healing> injected = CompletableFuture.supplyAsync(() -> inject(fault, injectAfter, sending, lag, plan.rate()));
            LoadResult result = null;
            String error = null;
            try {
                result = session.run(plan, sending::countDown);
            } catch (Exception e) {
                // The round fails; the run goes on with the next fault once this one has healed.
                err.println(fault.label() + ": the load run failed: " + e);
                error = e.getMessage();
                sending.countDown();
            }
            Healing healing;
            try {
                healing = injected.get(HEAL_BUDGET.toMillis() * 2, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                err.println(fault.label() + " failed: " + e.getCause());
                healing = Healing.NEVER;
            }
            if (result == null) {
                return new Outcome(fault, injectAfter, healing.outage(), healing.lagRecovered(), 0, 0, 0, 0, 0, error);
            }
            long stored = result.eventsStored() == null ? 0 : result.eventsStored();
            long checksFailed = result.checks().stream().filter(c -> c.outcome() == Verifier.Outcome.FAIL).count();
            return new Outcome(fault, injectAfter, healing.outage(), healing.lagRecovered(), result.acknowledged(), result.failed(),
                    Math.max(0, result.distinctEvents() - stored), Math.max(0, stored - result.distinctEvents()), checksFailed, null);
        }
    }

    /** Injects the fault, then waits for the component to heal and for the lag to come back. */
    private Healing inject(Fault fault, Duration after, CountDownLatch sending, LagSampler lag, int rate) {
        try {
            sending.await();
            Thread.sleep(after.toMillis());
            long start = System.nanoTime();
            long lagBefore = Math.max(rate / 2, lag.highestBefore(start, BASELINE_WINDOW_NANOS));
            fault.inject(stack);
            long deadline = start + HEAL_BUDGET.toNanos();
            // Twice a second: each probe of a server that is down costs it a connection attempt, and
            // PostgreSQL forks a backend and runs a SCRAM exchange for each, slowing its own recovery.
            while (!stack.healthy(fault.component())) {
                if (System.nanoTime() > deadline) {
                    return Healing.NEVER;
                }
                Thread.sleep(500);
            }
            long healed = System.nanoTime();
            long recovered = -1;
            while (recovered < 0 && System.nanoTime() < deadline) {
                recovered = lag.firstAtOrBelow(lagBefore, healed);
                Thread.sleep(250);
            }
            return new Healing(Duration.ofNanos(healed - start), recovered < 0 ? null : Duration.ofNanos(recovered - start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Healing.NEVER;
        } catch (Exception e) {
            throw new IllegalStateException(fault.label() + " could not be injected: " + e, e);
        }
    }
}
