package com.shopstream.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventJsonReaderTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String view(int customerId) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"product_viewed\","
                + "\"occurredAt\":\"2026-11-28T03:00:00Z\",\"customerId\":" + customerId + ",\"productId\":5}";
    }

    @Test
    @DisplayName("A batch may be one object or an array, and keeps each event's index")
    void batchShapes() throws Exception {
        assertThat(EventJsonReader.readBatch(bytes(view(1)), 10)).hasSize(1);
        List<DraftEvent> drafts = EventJsonReader.readBatch(bytes("[" + view(1) + "," + view(2) + "]"), 10);
        assertThat(drafts).extracting(DraftEvent::index).containsExactly(0, 1);
    }

    @Test
    @DisplayName("An array element that is not an object is an error of its index, not a malformed document")
    void nonObjectElement() throws Exception {
        List<DraftEvent> drafts = EventJsonReader.readBatch(bytes("[" + view(1) + ",42]"), 10);
        EventValidator validator = new EventValidator(
                Clock.fixed(Instant.parse("2026-11-28T03:00:00Z"), ZoneOffset.UTC), ValidationPolicy.DEFAULT);
        assertThat(validator.validate(drafts.get(1)).errors())
                .contains(new FieldError(1, "", "must be a JSON object"));
    }

    @Test
    @DisplayName("Syntax errors, trailing content, scalars and duplicate keys are malformed")
    void malformed() {
        for (String body : List.of("{", "[1,", "42", "\"x\"", view(1) + " {}", "{\"type\":\"a\",\"type\":\"b\"}", "")) {
            assertThatThrownBy(() -> EventJsonReader.readBatch(bytes(body), 10))
                    .as(body).isInstanceOf(MalformedJsonException.class);
        }
    }

    @Test
    @DisplayName("More events than the limit stop the read")
    void tooMany() {
        String body = "[" + view(1) + "," + view(2) + "," + view(3) + "]";
        assertThatThrownBy(() -> EventJsonReader.readBatch(bytes(body), 2))
                .isInstanceOf(TooManyEventsException.class).hasMessageContaining("at most 2 events");
    }

    @Test
    @DisplayName("Unknown fields are skipped, whatever their shape")
    void unknownFields() throws Exception {
        String json = view(1).replace("{", "{\"extra\":{\"nested\":[1,{\"a\":null}]},\"more\":[],");
        DraftEvent draft = EventJsonReader.readOne(bytes(json));
        assertThat(draft.typeErrors).isEmpty();
        assertThat(draft.productId).isEqualTo(5L);
    }

    @Test
    @DisplayName("Integers beyond 64 bits are out of range rather than wrapped")
    void hugeInteger() throws Exception {
        DraftEvent draft = EventJsonReader.readOne(bytes(view(1).replace("\"customerId\":1", "\"customerId\":99999999999999999999")));
        assertThat(draft.typeErrors).containsExactly(new FieldError(0, "customerId", "is out of range"));
    }
}
