package com.shopstream.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.shopstream.contract.FieldError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A catalog product as {@code PUT /v1/products/{id}} receives it, read from JSON with its price as
 * an exact decimal, and checked field by field: every problem is reported with the field it is in.
 */
record ProductDraft(String name, String description, String category, String brand, BigDecimal price, int stock) {

    /** The outcome of reading a body: a product, or the reasons it is not one. */
    record Result(ProductDraft product, List<FieldError> errors) {
    }

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9 &-]{0,63}");
    private static final BigDecimal MAX_PRICE = new BigDecimal("9999999999.99");

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
        Integer stock = stock(fields, errors);
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
        return trimmed;
    }

    private static BigDecimal price(Map<String, Object> fields, List<FieldError> errors) {
        Object value = fields.get("price");
        if (value == null) {
            errors.add(new FieldError(0, "price", "is required"));
            return null;
        }
        try {
            BigDecimal price = value instanceof BigDecimal number ? number : new BigDecimal(value.toString().strip());
            if (price.signum() < 0 || price.compareTo(MAX_PRICE) > 0 || price.stripTrailingZeros().scale() > 2) {
                errors.add(new FieldError(0, "price", "must be from 0 to " + MAX_PRICE.toPlainString() + " with at most 2 decimals"));
                return null;
            }
            return price.setScale(2);
        } catch (NumberFormatException e) {
            errors.add(new FieldError(0, "price", "must be a decimal number"));
            return null;
        }
    }

    private static Integer stock(Map<String, Object> fields, List<FieldError> errors) {
        Object value = fields.get("stock");
        if (value == null) {
            return 0;
        }
        if (value instanceof BigDecimal number && number.stripTrailingZeros().scale() <= 0
                && number.compareTo(BigDecimal.ZERO) >= 0 && number.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
            return number.intValueExact();
        }
        errors.add(new FieldError(0, "stock", "must be a whole number from 0 to " + Integer.MAX_VALUE));
        return null;
    }
}
