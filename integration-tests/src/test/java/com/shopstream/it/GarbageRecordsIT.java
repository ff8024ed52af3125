package com.shopstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.Topics;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GarbageRecordsIT {

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("Records that are not valid events go to the dead-letter topic unchanged, with the reason, and are counted")
    void garbageIsDeadLettered() {
        String marker = UUID.randomUUID().toString();
        byte[] notJson = ("not json at all " + marker).getBytes(StandardCharsets.UTF_8);
        byte[] truncated = ("{\"eventId\":\"" + marker + "\",\"type\":").getBytes(StandardCharsets.UTF_8);
        byte[] array = ("[\"" + marker + "\"]").getBytes(StandardCharsets.UTF_8);
        byte[] unknownType = ("{\"eventId\":\"" + marker + "\",\"type\":\"refund\",\"occurredAt\":\"2026-11-28T00:00:00Z\","
                + "\"customerId\":1}").getBytes(StandardCharsets.UTF_8);
        byte[] binary = {0, (byte) 0xff, (byte) 0xfe, 1, 2, 3};
        JsonObject before = stack.status();

        try (DeadLetters deadLetters = new DeadLetters(stack)) {
            stack.produceRaw("garbage", notJson);
            stack.produceRaw("garbage", truncated);
            stack.produceRaw("garbage", array);
            stack.produceRaw(null, unknownType);
            stack.produceRaw("garbage", binary);
            stack.produceRaw("garbage", new byte[0]);

            List<DeadLetters.Letter> letters = deadLetters.awaitMatching(stack.timeout(), List.of(
                    sameValue(notJson), sameValue(truncated), sameValue(array), sameValue(unknownType), sameValue(binary),
                    sameValue(new byte[0])));
            assertThat(reason(letters.get(0))).startsWith("malformed JSON");
            assertThat(reason(letters.get(1))).startsWith("malformed JSON");
            assertThat(reason(letters.get(2))).isEqualTo("expected a JSON object");
            assertThat(reason(letters.get(3))).contains("type: unknown event type 'refund'");
            assertThat(letters.get(3).headers()).containsEntry(Topics.HEADER_FIELD, "type");
            assertThat(reason(letters.get(4))).startsWith("malformed JSON");
            assertThat(reason(letters.get(5))).isEqualTo("empty record value");
        }
        stack.awaitCaughtUp(stack.timeout());
        JsonObject after = stack.status();
        assertThat(after.getLong("deadLettered") - before.getLong("deadLettered")).isEqualTo(6);
        assertThat(after.getLong("eventsStored") - before.getLong("eventsStored")).isZero();
    }

    private static String reason(DeadLetters.Letter letter) {
        return letter.headers().get(Topics.HEADER_REASON);
    }

    private static Predicate<DeadLetters.Letter> sameValue(byte[] value) {
        return letter -> Arrays.equals(letter.value() == null ? new byte[0] : letter.value(), value);
    }
}
