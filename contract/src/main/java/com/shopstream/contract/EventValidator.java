package com.shopstream.contract;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The rules of the event contract. Turns a {@link DraftEvent} into a {@link ShopEvent}, or reports
 * every rule it breaks with the field it concerns. Stateless apart from its clock and policy, so
 * one instance serves all threads.
 */
public final class EventValidator {

    static final int MAX_ORDER_LINES = 1000;
    static final long MAX_QUANTITY = 1_000_000;
    static final int MAX_SESSION_ID_LENGTH = 128;
    /** Longer than any ISO-8601 timestamp; checked before parsing. */
    static final int MAX_TIMESTAMP_LENGTH = 64;
    /** How much of an unknown value an error message quotes. */
    static final int QUOTED_LENGTH = 64;

    private final Clock clock;
    private final ValidationPolicy policy;

    public EventValidator(Clock clock, ValidationPolicy policy) {
        this.clock = clock;
        this.policy = policy;
    }

    /** The outcome for one draft: an event, or the errors that prevent one. */
    public record Result(ShopEvent event, List<FieldError> errors) {
        public boolean isValid() {
            return event != null;
        }
    }

    public Result validate(DraftEvent draft) {
        List<FieldError> errors = new ArrayList<>(draft.typeErrors);
        int index = draft.index;
        Checks checks = new Checks(index, errors, draft.typeErrors);

        UUID eventId = checks.uuid("eventId", draft.eventId);
        EventType type = null;
        if (checks.required("type", draft.type)) {
            type = EventType.fromWireName(draft.type).orElse(null);
            if (type == null) {
                errors.add(new FieldError(index, "type",
                        "unknown event type " + Text.quote(draft.type, QUOTED_LENGTH) + "; expected one of " + EventType.wireNames()));
            }
        }
        Instant occurredAt = occurredAt(draft.occurredAt, checks);
        checks.positive("customerId", draft.customerId, true);
        if (draft.sessionId != null) {
            if (draft.sessionId.isEmpty() || draft.sessionId.length() > MAX_SESSION_ID_LENGTH) {
                errors.add(new FieldError(index, "sessionId", "must be 1 to " + MAX_SESSION_ID_LENGTH + " characters"));
            } else if (Text.problem(draft.sessionId, false) != null) {
                errors.add(new FieldError(index, "sessionId", Text.problem(draft.sessionId, false)));
            }
        }
        if (draft.region != null && !isRegion(draft.region)) {
            errors.add(new FieldError(index, "region",
                    "must be a lowercase identifier of letters, digits and hyphens, at most 32 characters"));
        }

        List<OrderLine> lines = List.of();
        Integer stockDelta = null;
        StockReason reason = null;
        if (type == EventType.ORDER_PLACED) {
            checks.required("region", draft.region);
            checks.positive("orderId", draft.orderId, true);
            lines = orderLines(draft, checks);
        } else if (type == EventType.ORDER_CANCELLED) {
            checks.positive("orderId", draft.orderId, true);
        } else if (type == EventType.INVENTORY_ADJUSTED) {
            checks.positive("productId", draft.productId, true);
            stockDelta = stockDelta(draft.delta, checks);
            reason = reason(draft.reason, checks);
        } else if (type == EventType.PRODUCT_VIEWED || type == EventType.CART_ADDED) {
            checks.positive("productId", draft.productId, true);
        } else {
            checks.positive("productId", draft.productId, false);
        }
        if (type == EventType.PRODUCT_VIEWED || type == EventType.CART_ADDED || type == EventType.CHECKOUT_STARTED) {
            checks.positive("orderId", draft.orderId, false);
        }

        if (!errors.isEmpty()) {
            return new Result(null, List.copyOf(errors));
        }
        boolean order = type == EventType.ORDER_PLACED;
        boolean cancellation = type == EventType.ORDER_CANCELLED;
        ShopEvent event = new ShopEvent(eventId, type, occurredAt, draft.customerId, draft.sessionId, draft.region,
                type == EventType.INVENTORY_ADJUSTED ? null : draft.orderId, lines,
                order || cancellation ? null : draft.productId, stockDelta, reason);
        return new Result(event, List.of());
    }

    private Instant occurredAt(String text, Checks checks) {
        if (!checks.required("occurredAt", text)) {
            return null;
        }
        Instant occurredAt;
        try {
            if (text.length() > MAX_TIMESTAMP_LENGTH) {
                throw new DateTimeParseException("too long", text.substring(0, MAX_TIMESTAMP_LENGTH), MAX_TIMESTAMP_LENGTH);
            }
            occurredAt = IsoInstants.parse(text).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            checks.error("occurredAt", "must be an ISO-8601 timestamp with an offset, such as 2026-11-28T04:00:00.123Z");
            return null;
        }
        Instant now = clock.instant();
        if (occurredAt.isAfter(now.plus(policy.maxFutureSkew()))) {
            checks.error("occurredAt", "is more than " + describe(policy.maxFutureSkew()) + " in the future");
        } else if (occurredAt.isBefore(now.minus(policy.allowedLateness()))) {
            checks.error("occurredAt", "is older than the allowed lateness of " + describe(policy.allowedLateness()));
        }
        return occurredAt;
    }

    private static List<OrderLine> orderLines(DraftEvent draft, Checks checks) {
        if (draft.items == null) {
            if (!checks.hasErrorFor("items")) {
                checks.error("items", "is required for order_placed");
            }
            return List.of();
        }
        if (draft.items.isEmpty() || draft.items.size() > MAX_ORDER_LINES) {
            checks.error("items", "must hold 1 to " + MAX_ORDER_LINES + " order lines");
            return List.of();
        }
        List<OrderLine> lines = new ArrayList<>(draft.items.size());
        BigDecimal revenue = BigDecimal.ZERO;
        boolean linesValid = true;
        for (int i = 0; i < draft.items.size(); i++) {
            DraftEvent.DraftLine line = draft.items.get(i);
            if (!line.present) {
                linesValid = false;
                continue;
            }
            String path = "items[" + i + "]";
            boolean productValid = checks.positive(path + ".productId", line.productId, true);
            boolean quantityValid = validQuantity(path + ".quantity", line.quantity, checks);
            boolean priceValid = validPrice(path + ".unitPrice", line.unitPrice, checks);
            boolean valid = productValid && quantityValid && priceValid;
            if (valid && linesValid) {
                BigDecimal price = line.unitPrice.setScale(2);
                lines.add(new OrderLine(line.productId, line.quantity.intValue(), price));
                revenue = revenue.add(price.multiply(BigDecimal.valueOf(line.quantity)));
            } else {
                linesValid = false;
            }
        }
        if (linesValid && revenue.compareTo(Money.MAX_AMOUNT) > 0) {
            checks.error("items", "the order's total exceeds " + Money.MAX_AMOUNT.toPlainString());
        }
        return lines;
    }

    private static Integer stockDelta(Long delta, Checks checks) {
        if (!checks.required("delta", delta)) {
            return null;
        }
        if (delta == 0 || Math.abs(delta) > MAX_QUANTITY) {
            checks.error("delta", "must be a non-zero integer between -" + MAX_QUANTITY + " and " + MAX_QUANTITY);
            return null;
        }
        return delta.intValue();
    }

    private static StockReason reason(String reason, Checks checks) {
        if (!checks.required("reason", reason)) {
            return null;
        }
        StockReason known = StockReason.fromWireName(reason).orElse(null);
        if (known == null) {
            checks.error("reason", "must be one of " + StockReason.wireNames());
        }
        return known;
    }

    private static boolean validQuantity(String field, Long quantity, Checks checks) {
        if (!checks.required(field, quantity)) {
            return false;
        }
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            checks.error(field, "must be between 1 and " + MAX_QUANTITY);
            return false;
        }
        return true;
    }

    private static boolean validPrice(String field, BigDecimal price, Checks checks) {
        if (!checks.required(field, price)) {
            return false;
        }
        String problem = Money.problem(price);
        if (problem != null) {
            checks.error(field, problem);
            return false;
        }
        return true;
    }

    /** A lowercase identifier: 1 to 32 letters, digits and hyphens. Checked by hand: a regex costs more than the rest of validation. */
    public static boolean isRegion(String s) {
        if (s.isEmpty() || s.length() > 32) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** The canonical 8-4-4-4-12 hexadecimal form, which UUID.fromString alone does not insist on. */
    static boolean isUuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean hyphen = i == 8 || i == 13 || i == 18 || i == 23;
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (hyphen ? c != '-' : !hex) {
                return false;
            }
        }
        return true;
    }

    static String describe(Duration duration) {
        if (duration.toDays() > 0 && duration.equals(Duration.ofDays(duration.toDays()))) {
            return plural(duration.toDays(), "day");
        }
        if (duration.toHours() > 0 && duration.equals(Duration.ofHours(duration.toHours()))) {
            return plural(duration.toHours(), "hour");
        }
        if (duration.toMinutes() > 0 && duration.equals(Duration.ofMinutes(duration.toMinutes()))) {
            return plural(duration.toMinutes(), "minute");
        }
        return duration.toString().toLowerCase(Locale.ROOT).substring(2);
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /** Collects errors for one draft; skips rules for fields that already failed their JSON type. */
    private static final class Checks {
        private final int index;
        private final List<FieldError> errors;
        private final List<FieldError> typeErrors;

        Checks(int index, List<FieldError> errors, List<FieldError> typeErrors) {
            this.index = index;
            this.errors = errors;
            this.typeErrors = typeErrors;
        }

        void error(String field, String message) {
            errors.add(new FieldError(index, field, message));
        }

        boolean hasErrorFor(String field) {
            return typeErrors.stream().anyMatch(e -> e.field().equals(field));
        }

        /** True when present; reports a missing field unless its JSON type was already wrong. */
        boolean required(String field, Object value) {
            if (value != null) {
                return true;
            }
            if (!hasErrorFor(field)) {
                error(field, "is required");
            }
            return false;
        }

        boolean positive(String field, Long value, boolean required) {
            if (value == null) {
                return !required || required(field, null);
            }
            if (value < 1) {
                error(field, "must be a positive integer");
                return false;
            }
            return true;
        }

        UUID uuid(String field, String value) {
            if (!required(field, value)) {
                return null;
            }
            if (!isUuid(value)) {
                error(field, "must be a UUID such as 0b6f3c9e-2f7a-4c1e-9a57-3f1d2b8c4e21");
                return null;
            }
            return UUID.fromString(value);
        }
    }
}
