package com.shopstream.query.catalog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.shopstream.contract.EventJsonReader;
import com.shopstream.contract.FieldError;
import com.shopstream.contract.Money;
import com.shopstream.contract.Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A catalog product as {@code PUT /v1/products/{id}} receives it, read from JSON with its price as
 * an exact decimal, and checked field by field: every problem is reported with the field it is in.
 */
record ProductDraft(String name, String description, String category, String brand, BigDecimal price, long stock) {

    /** The outcome of reading a body: a product, or the reasons it is not one. */
    record Result(ProductDraft product, List<FieldError> errors) {
    }

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(EventJsonReader.MAX_NESTING_DEPTH).build())
            .build();
    private static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9 &-]{0,63}");
    /** A count a shop may set; stock moves are summed in 64 bits beside it. */
    static final long MAX_STOCK = 1_000_000_000_000L;

    static Result read(byte[] body) {
        Map<String, Object> fields = new HashMap<>();
        List<FieldError> errors = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new Result(null, List.of(new FieldError(0, "body", "must be a JSON object")));
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (value) {
                    case VALUE_STRING -> fields.put(field, parser.getText());
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> fields.put(field, parser.getDecimalValue());
                    case VALUE_NULL -> fields.remove(field);
                    default -> {
                        parser.skipChildren();
                        fields.put(field, value);
                    }
                }
            }
            if (parser.nextToken() != null) {
                return new Result(null, List.of(new FieldError(0, "body", "must hold one JSON object only")));
            }
        } catch (JsonProcessingException e) {
            return new Result(null, List.of(new FieldError(0, "body", "is not valid JSON: " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = text(fields, "name", 1, 200, true, errors);
        String description = text(fields, "description", 0, 4000, false, errors);
        String category = text(fields, "category", 1, 64, true, errors);
        if (category != null && !CATEGORY.matcher(category).matches()) {
            errors.add(new FieldError(0, "category",
                    "must be lowercase letters, digits, spaces, '&' or '-', starting with a letter or digit"));
            category = null;
        }
        String brand = text(fields, "brand", 1, 100, true, errors);
        BigDecimal price = price(fields, errors);
        Long stock = stock(fields, errors);
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        return new Result(new ProductDraft(name, description == null ? "" : description, category, brand, price, stock), List.of());
    }

    private static String text(Map<String, Object> fields, String field, int min, int max, boolean required, List<FieldError> errors) {
        Object value = fields.get(field);
        if (value == null) {
            if (required) {
                errors.add(new FieldError(0, field, "is required"));
            }
            return null;
        }
        if (!(value instanceof String text)) {
            errors.add(new FieldError(0, field, "must be a string"));
            return null;
        }
        String trimmed = text.strip();
        if (trimmed.length() < min || trimmed.length() > max) {
            errors.add(new FieldError(0, field, min > 0 ? "must be " + min + " to " + max + " characters, not blank" : "must be at most " + max + " characters"));
            return null;
        }
        String problem = Text.problem(trimmed, field.equals("description"));
        if (problem != null) {
            errors.add(new FieldError(0, field, problem));
            return null;
        }
        return trimmed;
    }

    private static BigDecimal price(Map<String, Object> fields, List<FieldError> errors) {
        Object value = fields.get("price");
        if (value == null) {
            errors.add(new FieldError(0, "price", "is required"));
            return null;
        }
        try {
            BigDecimal price = value instanceof BigDecimal number ? number : Money.parse(value.toString());
            String problem = Money.problem(price);
            if (problem != null) {
                errors.add(new FieldError(0, "price", problem));
                return null;
            }
            return price.setScale(2, RoundingMode.UNNECESSARY);
        } catch (NumberFormatException e) {
            errors.add(new FieldError(0, "price", "must be a decimal number of at most " + Money.MAX_TEXT_LENGTH + " characters"));
            return null;
        }
    }

    private static Long stock(Map<String, Object> fields, List<FieldError> errors) {
        Object value = fields.get("stock");
        if (value == null) {
            return 0L;
        }
        // The magnitude first: a whole number of 13 digits or more is out of range without arithmetic.
        if (value instanceof BigDecimal number && number.signum() >= 0 && number.precision() - number.scale() <= 13
                && number.compareTo(BigDecimal.valueOf(MAX_STOCK)) <= 0 && number.stripTrailingZeros().scale() <= 0) {
            return number.longValueExact();
        }
        errors.add(new FieldError(0, "stock", "must be a whole number from 0 to " + MAX_STOCK));
        return null;
    }
}
