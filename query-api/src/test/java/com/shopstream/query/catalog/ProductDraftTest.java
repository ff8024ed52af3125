package com.shopstream.query.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.FieldError;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProductDraftTest {

    @Test
    @DisplayName("A valid body: trimmed text, the price as an exact decimal, stock 0 when absent")
    void valid() {
        ProductDraft.Result result = read("{\"name\":\" Kettle \",\"category\":\"home & kitchen\",\"brand\":\"Dwell\",\"price\":19.9,\"x\":[1]}");

        assertThat(result.errors()).isEmpty();
        assertThat(result.product()).isEqualTo(new ProductDraft("Kettle", "", "home & kitchen", "Dwell", new java.math.BigDecimal("19.90"), 0));
        assertThat(read("{\"name\":\"K\",\"category\":\"c\",\"brand\":\"B\",\"price\":\"0.10\",\"stock\":7}").product().price())
                .hasToString("0.10");
    }

    @ParameterizedTest(name = "{0} → {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"name\":1,\"category\":\"c\",\"brand\":\"B\",\"price\":1}          | name     | must be a string",
        "{\"name\":\"n\",\"category\":\"C\",\"brand\":\"B\",\"price\":1}      | category | lowercase",
        "{\"name\":\"n\",\"category\":\"c\",\"brand\":\"\",\"price\":1}       | brand    | not blank",
        "{\"name\":\"n\",\"category\":\"c\",\"brand\":\"B\",\"price\":-1}     | price    | at least 0",
        "{\"name\":\"n\",\"category\":\"c\",\"brand\":\"B\",\"price\":\"1e\"}  | price    | decimal number",
        "{\"name\":\"n\",\"category\":\"c\",\"brand\":\"B\",\"price\":1.001}  | price    | 2 decimals",
        "{\"name\":\"n\",\"category\":\"c\",\"brand\":\"B\",\"price\":1,\"stock\":-2} | stock | whole number",
        "{\"name\":\"n\",\"category\":\"c\",\"brand\":\"B\",\"price\":1,\"stock\":1e13} | stock | from 0 to 1000000000000",
        "{\"name\":\"n\\u0000\",\"category\":\"c\",\"brand\":\"B\",\"price\":1}   | name     | control characters (U+0000",
        "{\"name\":\"n\",\"category\":\"c\",\"brand\":\"B\\u001b\",\"price\":1}   | brand    | control characters (U+001B",
        "{\"name\":\"n\",\"category\":\"c\",\"brand\":\"B\",\"price\":\"100000000000000000000000000000000000\"} | price | at most 32 characters",
        "{\"name\":\"n\",\"category\":\"c\",\"brand\":\"B\",\"price\":1e999999999}   | price    | at most 9999999999.99",
        "{\"name\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]} | body | nesting depth",
        "[1]                                                                  | body     | JSON object",
        "{\"name\":\"n\"} {}                                                  | body     | one JSON object",
        "{\"name\":                                                           | body     | not valid JSON",
    })
    void invalid(String body, String field, String message) {
        ProductDraft.Result result = read(body);

        assertThat(result.product()).isNull();
        assertThat(result.errors()).extracting(FieldError::field).contains(field);
        assertThat(result.errors()).filteredOn(e -> e.field().equals(field)).first().extracting(FieldError::message).asString()
                .contains(message);
    }

    private static ProductDraft.Result read(String body) {
        return ProductDraft.read(body.getBytes(StandardCharsets.UTF_8));
    }
}
