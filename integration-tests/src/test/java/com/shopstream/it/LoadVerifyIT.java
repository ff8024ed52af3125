package com.shopstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LoadVerifyIT {

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("infra/load --verify, with duplicates, out-of-order and late events through both paths, finds every answer equal to its ground truth")
    void loadRunVerifiesAgainstGroundTruth() throws Exception {
        String output = stack.infra("load", "--rate", "600", "--duration", "10s", "--seed", "11", "--verify",
                "--duplicate-share", "0.05", "--out-of-order-share", "0.1", "--late-share", "0.02");

        assertThat(output).contains("Verification against the ground truth");
        Matcher summary = Pattern.compile("(\\d+) checks: (\\d+) passed, (\\d+) failed, (\\d+) skipped").matcher(output);
        assertThat(summary.find()).as(output).isTrue();
        assertThat(summary.group(3)).as(output).isEqualTo("0");
        assertThat(Integer.parseInt(summary.group(2))).as("checks that could run").isGreaterThanOrEqualTo(15);

        Matcher truthFile = Pattern.compile("ground truth\\s+(\\S+\\.json)").matcher(output);
        assertThat(truthFile.find()).isTrue();
        JsonObject truth = new JsonObject(Files.readString(Path.of(truthFile.group(1))));
        assertThat(truth.getLong("seed")).isEqualTo(11);
        assertThat(truth.getLong("duplicates")).isPositive();
        assertThat(truth.getLong("late")).isPositive();
        assertThat(truth.getJsonArray("salesByMinuteCategoryRegion")).isNotEmpty();
        assertThat(truth.getJsonArray("products")).isNotEmpty();
        assertThat(truth.getJsonObject("funnel").getJsonArray("steps")).hasSize(4);
    }
}
