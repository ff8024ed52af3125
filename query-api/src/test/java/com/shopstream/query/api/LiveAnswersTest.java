package com.shopstream.query.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LiveAnswersTest {

    private static final long MS = 1_000_000;

    private long now;
    private int reused;
    private final LiveAnswers<String> answers = new LiveAnswers<>(Duration.ofMillis(100), () -> now, () -> reused++);
    /** The lookups started, in order; each completes when the test says. */
    private final List<Promise<String>> lookups = new ArrayList<>();
    private final Supplier<Future<String>> lookup = () -> {
        Promise<String> promise = Promise.promise();
        lookups.add(promise);
        return promise.future();
    };

    @Test
    @DisplayName("The first request waits for a lookup; requests within half the reuse period get its answer without one")
    void reusesAYoungAnswer() {
        Future<String> first = answers.get("k", lookup);
        now = 10 * MS;
        Future<String> second = answers.get("k", lookup);
        assertThat(lookups).hasSize(1);
        lookups.get(0).complete("a");
        assertThat(first.result()).isEqualTo("a");
        assertThat(second.result()).isEqualTo("a");

        now = 49 * MS;
        assertThat(answers.get("k", lookup).result()).isEqualTo("a");
        assertThat(lookups).hasSize(1);
        assertThat(reused).isEqualTo(1);
    }

    @Test
    @DisplayName("Past half the reuse period one lookup starts in the background while the last answer is served")
    void looksUpAhead() {
        answers.get("k", lookup);
        lookups.get(0).complete("a");

        now = 50 * MS;
        assertThat(answers.get("k", lookup).result()).isEqualTo("a");
        now = 70 * MS;
        assertThat(answers.get("k", lookup).result()).isEqualTo("a");
        assertThat(lookups).hasSize(2);

        lookups.get(1).complete("b");
        assertThat(answers.get("k", lookup).result()).isEqualTo("b");
        assertThat(lookups).hasSize(2);
    }

    @Test
    @DisplayName("Past the reuse period a request waits for the lookup started ahead, which began within the period")
    void waitsForTheLookupStartedAhead() {
        answers.get("k", lookup);
        lookups.get(0).complete("a");
        now = 60 * MS;
        answers.get("k", lookup);

        now = 120 * MS;
        Future<String> late = answers.get("k", lookup);
        assertThat(late.isComplete()).isFalse();
        assertThat(lookups).hasSize(2);
        lookups.get(1).complete("b");
        assertThat(late.result()).isEqualTo("b");
    }

    @Test
    @DisplayName("A lookup that started more than the reuse period ago is not waited for: its answer could be too old")
    void startsAnewPastAStaleLookup() {
        answers.get("k", lookup);
        now = 100 * MS;
        Future<String> late = answers.get("k", lookup);
        assertThat(lookups).hasSize(2);

        lookups.get(1).complete("b");
        assertThat(late.result()).isEqualTo("b");
        lookups.get(0).complete("a");
        assertThat(answers.get("k", lookup).result()).as("the newer lookup's answer stays").isEqualTo("b");
    }

    @Test
    @DisplayName("A failed lookup fails its requests and keeps no answer; the next request looks up again")
    void failedLookup() {
        Future<String> first = answers.get("k", lookup);
        lookups.get(0).fail(new IllegalStateException("redis down"));
        assertThat(first.failed()).isTrue();

        Future<String> next = answers.get("k", lookup);
        assertThat(lookups).hasSize(2);
        lookups.get(1).complete("a");
        assertThat(next.result()).isEqualTo("a");
    }

    @Test
    @DisplayName("Answers are kept per request")
    void perKey() {
        answers.get("k", lookup);
        answers.get("other", lookup);
        assertThat(lookups).hasSize(2);
    }
}
