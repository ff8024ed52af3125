package com.shopstream.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-28T04:00:00Z");
    private final EventValidator validator =
            new EventValidator(Clock.fixed(NOW, ZoneOffset.UTC), ValidationPolicy.DEFAULT);

    private static final String ORDER = """
            {"eventId":"0b6f3c9e-2f7a-4c1e-9a57-3f1d2b8c4e21","type":"order_placed",
             "occurredAt":"2026-11-28T03:59:00.123Z","customerId":123,"sessionId":"s-1","region":"eu-west",
             "orderId":456,"items":[{"productId":1,"quantity":2,"unitPrice":19.99},
                                    {"productId":2,"quantity":1,"unitPrice":"0.1"}]}""";

    private EventValidator.Result validate(String json) throws Exception {
        return validator.validate(EventJsonReader.readOne(json.getBytes(StandardCharsets.UTF_8)));
    }

    private List<String> errorsOf(String json) throws Exception {
        return validate(json).errors().stream().map(FieldError::toString).toList();
    }

    private static String order(String field, String replacement) {
        return ORDER.replaceFirst("\"" + field + "\":[^,}\\]]+", java.util.regex.Matcher.quoteReplacement(replacement));
    }

    @Test
    @DisplayName("A valid order keeps its exact prices and computes revenue without rounding")
    void validOrder() throws Exception {
        EventValidator.Result result = validate(ORDER);

        assertThat(result.errors()).isEmpty();
        ShopEvent event = result.event();
        assertThat(event.type()).isEqualTo(EventType.ORDER_PLACED);
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-28T03:59:00.123Z"));
        assertThat(event.items()).extracting(OrderLine::unitPrice)
                .containsExactly(new BigDecimal("19.99"), new BigDecimal("0.10"));
        assertThat(event.revenue()).isEqualByComparingTo("40.08");
        assertThat(event.units()).isEqualTo(3);
    }

    @Test
    @DisplayName("A product view needs a productId but no region or items")
    void productView() throws Exception {
        String view = """
                {"eventId":"0b6f3c9e-2f7a-4c1e-9a57-3f1d2b8c4e22","type":"product_viewed",
                 "occurredAt":"2026-11-28T03:59:00Z","customerId":7,"productId":42}""";
        assertThat(validate(view).event().productId()).isEqualTo(42L);
        assertThat(errorsOf(view.replace(",\"productId\":42", "")))
                .containsExactly("productId: is required");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "eventId not a UUID          | \"eventId\":\"abc\"           | eventId: must be a UUID such as 0b6f3c9e-2f7a-4c1e-9a57-3f1d2b8c4e21",
        "eventId with a non-hex char | \"eventId\":\"0b6f3c9e-2f7a-4c1e-9a57-3f1d2b8c4e2g\" | eventId: must be a UUID such as 0b6f3c9e-2f7a-4c1e-9a57-3f1d2b8c4e21",
        "eventId hyphens misplaced   | \"eventId\":\"0b6f3c9e2-f7a-4c1e-9a57-3f1d2b8c4e21\" | eventId: must be a UUID such as 0b6f3c9e-2f7a-4c1e-9a57-3f1d2b8c4e21",
        "region with underscore      | \"region\":\"eu_west\"        | region: must be a lowercase identifier of letters, digits and hyphens, at most 32 characters",
        "region empty                | \"region\":\"\"               | region: must be a lowercase identifier of letters, digits and hyphens, at most 32 characters",
        "unknown type                | \"type\":\"refund\"           | type: unknown event type 'refund'; expected one of order_placed, product_viewed, cart_added, checkout_started, order_cancelled, inventory_adjusted",
        "region with capitals        | \"region\":\"EU-West\"        | region: must be a lowercase identifier of letters, digits and hyphens, at most 32 characters",
        "region too long             | \"region\":\"abcdefghijklmnopqrstuvwxyz0123456\" | region: must be a lowercase identifier of letters, digits and hyphens, at most 32 characters",
        "customerId as string        | \"customerId\":\"123\"        | customerId: must be an integer",
        "customerId zero             | \"customerId\":0              | customerId: must be a positive integer",
        "occurredAt without offset   | \"occurredAt\":\"2026-11-28T03:00:00\" | occurredAt: must be an ISO-8601 timestamp with an offset, such as 2026-11-28T04:00:00.123Z",
        "occurredAt too far ahead    | \"occurredAt\":\"2026-11-28T04:05:01Z\" | occurredAt: is more than 5 minutes in the future",
        "occurredAt too old          | \"occurredAt\":\"2026-11-20T03:59:59Z\" | occurredAt: is older than the allowed lateness of 7 days",
        "orderId missing             | \"orderId\":null              | orderId: is required",
    })
    void singleFieldErrors(String name, String replacement, String expected) throws Exception {
        String field = replacement.substring(1, replacement.indexOf('"', 1));
        assertThat(errorsOf(order(field, replacement))).containsExactly(expected);
    }

    @Test
    @DisplayName("Every broken order line is reported with its path")
    void orderLineErrors() throws Exception {
        String json = ORDER.replace("""
                [{"productId":1,"quantity":2,"unitPrice":19.99},""", """
                [{"productId":1,"quantity":0,"unitPrice":19.999},{"quantity":1,"unitPrice":-1},"x",""");

        assertThat(errorsOf(json)).containsExactlyInAnyOrder(
                "items[2]: must be an object with productId, quantity and unitPrice",
                "items[0].quantity: must be between 1 and 1000000",
                "items[0].unitPrice: must have at most 2 decimals",
                "items[1].productId: is required",
                "items[1].unitPrice: must be at least 0");
    }

    @Test
    @DisplayName("An order needs a region and at least one line")
    void orderRequirements() throws Exception {
        String json = """
                {"eventId":"0b6f3c9e-2f7a-4c1e-9a57-3f1d2b8c4e21","type":"order_placed",
                 "occurredAt":"2026-11-28T03:59:00Z","customerId":1,"orderId":1,"items":[]}""";
        assertThat(errorsOf(json)).containsExactlyInAnyOrder(
                "region: is required", "items: must hold 1 to 1000 order lines");
    }

    @Test
    @DisplayName("A price with trailing zeros beyond two decimals is still exact and accepted")
    void trailingZeros() throws Exception {
        ShopEvent event = validate(ORDER.replace("19.99", "19.9900")).event();
        assertThat(event.items().get(0).unitPrice()).isEqualTo(new BigDecimal("19.99"));
    }

    @Test
    @DisplayName("Edges of the time window are inclusive")
    void timeWindowEdges() throws Exception {
        assertThat(errorsOf(order("occurredAt", "\"occurredAt\":\"2026-11-28T04:05:00Z\""))).isEmpty();
        assertThat(errorsOf(order("occurredAt", "\"occurredAt\":\"2026-11-21T04:00:00Z\""))).isEmpty();
    }

    @Test
    @DisplayName("A custom lateness is named in the message")
    void customLateness() throws Exception {
        EventValidator strict = new EventValidator(Clock.fixed(NOW, ZoneOffset.UTC),
                new ValidationPolicy(Duration.ofHours(2), Duration.ofSeconds(30)));
        String json = order("occurredAt", "\"occurredAt\":\"2026-11-28T01:00:00Z\"");
        assertThat(strict.validate(EventJsonReader.readOne(json.getBytes(StandardCharsets.UTF_8))).errors())
                .extracting(FieldError::message).containsExactly("is older than the allowed lateness of 2 hours");
    }

    @Test
    @DisplayName("A cancellation needs the orderId; an inventory adjustment a productId, a non-zero delta and a known reason")
    void cancellationsAndAdjustments() throws Exception {
        String cancel = """
                {"eventId":"0b6f3c9e-2f7a-4c1e-9a57-3f1d2b8c4e23","type":"order_cancelled",
                 "occurredAt":"2026-11-28T03:59:00Z","customerId":7,"orderId":456}""";
        ShopEvent cancelled = validate(cancel).event();
        assertThat(cancelled.orderId()).isEqualTo(456L);
        assertThat(errorsOf(cancel.replace(",\"orderId\":456", ""))).containsExactly("orderId: is required");

        String adjust = """
                {"eventId":"0b6f3c9e-2f7a-4c1e-9a57-3f1d2b8c4e24","type":"inventory_adjusted",
                 "occurredAt":"2026-11-28T03:59:00Z","customerId":1,"productId":9,"delta":-3,"reason":"return"}""";
        ShopEvent adjusted = validate(adjust).event();
        assertThat(adjusted.stockDelta()).isEqualTo(-3);
        assertThat(adjusted.reason()).isEqualTo(StockReason.RETURN);
        assertThat(errorsOf(adjust.replace("\"delta\":-3", "\"delta\":0").replace("\"return\"", "\"theft\"")))
                .containsExactlyInAnyOrder("delta: must be a non-zero integer between -1000000 and 1000000",
                        "reason: must be one of restock, return, adjustment");
        assertThat(errorsOf(adjust.replace(",\"delta\":-3,\"reason\":\"return\"", "")))
                .containsExactlyInAnyOrder("delta: is required", "reason: is required");
    }

    @Test
    @DisplayName("Control characters and unpaired surrogates in a session id are refused, naming the field and where")
    void controlCharacters() throws Exception {
        assertThat(errorsOf(order("sessionId", "\"sessionId\":\"s-\\u0000x\""))).containsExactly(
                "sessionId: must not contain control characters (U+0000 at position 2)");
        assertThat(errorsOf(order("sessionId", "\"sessionId\":\"s\\u001b[2J\""))).containsExactly(
                "sessionId: must not contain control characters (U+001B at position 1)");
        assertThat(errorsOf(order("sessionId", "\"sessionId\":\"s\\ud800\""))).containsExactly(
                "sessionId: must be valid Unicode (an unpaired surrogate at position 1)");
        assertThat(errorsOf(order("sessionId", "\"sessionId\":\"s-\uD83D\uDED2\""))).isEmpty();
    }

    @Test
    @DisplayName("An unknown type is quoted short and escaped in its error, however long it is")
    void unknownTypeQuotedShort() throws Exception {
        String type = "\\u0000" + "x".repeat(600_000);
        List<String> errors = errorsOf(order("type", "\"type\":\"" + type + "\""));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("type: unknown event type '\\u0000xxx").contains("…'; expected one of").hasSizeLessThan(300);
    }

    @Test
    @DisplayName("A price given as a long string is refused before it is parsed; a huge exponent is refused without arithmetic")
    void hugeNumbers() throws Exception {
        String digits = "1" + "0".repeat(1_000_000);
        assertThat(errorsOf(ORDER.replace("\"0.1\"", "\"" + digits + "\""))).containsExactly(
                "items[1].unitPrice: must be a decimal number of at most 32 characters");
        assertThat(errorsOf(ORDER.replace("19.99", "1e999999999"))).containsExactly("items[0].unitPrice: must be at most 9999999999.99");
        assertThat(errorsOf(ORDER.replace("19.99", "1e-999999999"))).containsExactly("items[0].unitPrice: must have at most 2 decimals");
        assertThat(errorsOf(order("occurredAt", "\"occurredAt\":\"" + "2".repeat(100_000) + "\""))).containsExactly(
                "occurredAt: must be an ISO-8601 timestamp with an offset, such as 2026-11-28T04:00:00.123Z");
    }

    @Test
    @DisplayName("Nesting deeper than the bound is malformed JSON, wherever it is")
    void deepNesting() {
        String deep = ORDER.replace("\"customerId\":123", "\"extra\":" + "[".repeat(10_000) + "]".repeat(10_000) + ",\"customerId\":123");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> validate(deep))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("nesting depth");
    }
}
