package com.shopstream.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes events in the contract's canonical JSON form: fields in a fixed order, absent optional
 * fields left out, event time as an ISO-8601 UTC instant and prices as exact decimals.
 */
public final class EventJsonWriter {

    private static final JsonFactory JSON = new JsonFactory();

    private EventJsonWriter() {
    }

    public static byte[] write(ShopEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160 + 64 * event.items().size());
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("eventId", event.eventId().toString());
            json.writeStringField("type", event.type().wireName());
            json.writeStringField("occurredAt", IsoInstants.format(event.occurredAt()));
            json.writeNumberField("customerId", event.customerId());
            if (event.sessionId() != null) {
                json.writeStringField("sessionId", event.sessionId());
            }
            if (event.region() != null) {
                json.writeStringField("region", event.region());
            }
            if (event.orderId() != null) {
                json.writeNumberField("orderId", event.orderId());
            }
            if (event.productId() != null) {
                json.writeNumberField("productId", event.productId());
            }
            if (event.stockDelta() != null) {
                json.writeNumberField("delta", event.stockDelta());
            }
            if (event.reason() != null) {
                json.writeStringField("reason", event.reason().wireName());
            }
            if (event.isOrder()) {
                json.writeArrayFieldStart("items");
                for (OrderLine line : event.items()) {
                    json.writeStartObject();
                    json.writeNumberField("productId", line.productId());
                    json.writeNumberField("quantity", line.quantity());
                    json.writeFieldName("unitPrice");
                    json.writeNumber(line.unitPrice().toPlainString());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
