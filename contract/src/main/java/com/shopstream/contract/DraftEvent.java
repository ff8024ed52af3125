package com.shopstream.contract;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * An event as read from JSON, before validation: every field that was present with the right JSON
 * type, and an error for every field that was present with the wrong one. Fields are null when
 * absent. {@link EventValidator} turns a draft into a {@link ShopEvent} or into field errors.
 */
public final class DraftEvent {

    /** One order line as read; null fields were absent or of the wrong type. */
    public static final class DraftLine {
        Long productId;
        Long quantity;
        BigDecimal unitPrice;
        boolean present = true;
    }

    String eventId;
    String type;
    String occurredAt;
    Long customerId;
    String sessionId;
    String region;
    Long orderId;
    Long productId;
    Long delta;
    String reason;
    List<DraftLine> items;
    final List<FieldError> typeErrors = new ArrayList<>();
    final int index;

    DraftEvent(int index) {
        this.index = index;
    }

    /** The event's position in its request, used in error reports. */
    public int index() {
        return index;
    }

    void typeError(String field, String message) {
        typeErrors.add(new FieldError(index, field, message));
    }
}
