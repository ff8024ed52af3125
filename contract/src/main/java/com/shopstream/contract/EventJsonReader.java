package com.shopstream.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads events from JSON with a streaming parser. Numbers are read exactly (prices as
 * {@link BigDecimal}, never through a double); unknown fields are skipped so that producers may
 * add fields; duplicate keys make the document malformed, since either value could be meant.
 */
public final class EventJsonReader {

    /** An event nests three levels deep; fields it does not know may nest further, but not without bound. */
    public static final int MAX_NESTING_DEPTH = 32;
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);

    private EventJsonReader() {
    }

    /** Reads one event object, as found in a Kafka record. */
    public static DraftEvent readOne(byte[] json) throws MalformedJsonException {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedJsonException("expected a JSON object");
            }
            DraftEvent draft = readEvent(parser, 0);
            expectEnd(parser);
            return draft;
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException("malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedJsonException("unreadable JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a request body: one event object or an array of them. Array elements that are not
     * objects are reported as errors of their index rather than failing the whole document.
     */
    public static List<DraftEvent> readBatch(byte[] json, int maxEvents)
            throws MalformedJsonException, TooManyEventsException {
        try (JsonParser parser = JSON.createParser(json)) {
            JsonToken first = parser.nextToken();
            List<DraftEvent> drafts = new ArrayList<>();
            if (first == JsonToken.START_OBJECT) {
                drafts.add(readEvent(parser, 0));
            } else if (first == JsonToken.START_ARRAY) {
                JsonToken token;
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (drafts.size() == maxEvents) {
                        throw new TooManyEventsException(maxEvents);
                    }
                    int index = drafts.size();
                    if (token == JsonToken.START_OBJECT) {
                        drafts.add(readEvent(parser, index));
                    } else {
                        parser.skipChildren();
                        DraftEvent notAnObject = new DraftEvent(index);
                        notAnObject.typeError("", "must be a JSON object");
                        drafts.add(notAnObject);
                    }
                }
            } else {
                throw new MalformedJsonException("expected a JSON object or an array of objects");
            }
            expectEnd(parser);
            return drafts;
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException("malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedJsonException("unreadable JSON: " + e.getMessage(), e);
        }
    }

    private static void expectEnd(JsonParser parser) throws IOException, MalformedJsonException {
        if (parser.nextToken() != null) {
            throw new MalformedJsonException("unexpected content after the JSON document");
        }
    }

    private static DraftEvent readEvent(JsonParser parser, int index) throws IOException {
        DraftEvent draft = new DraftEvent(index);
        String field;
        while ((field = parser.nextFieldName()) != null) {
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (field) {
                case "eventId" -> draft.eventId = readString(parser, draft, field);
                case "type" -> draft.type = readString(parser, draft, field);
                case "occurredAt" -> draft.occurredAt = readString(parser, draft, field);
                case "customerId" -> draft.customerId = readLong(parser, draft, field);
                case "sessionId" -> draft.sessionId = readString(parser, draft, field);
                case "region" -> draft.region = readString(parser, draft, field);
                case "orderId" -> draft.orderId = readLong(parser, draft, field);
                case "productId" -> draft.productId = readLong(parser, draft, field);
                case "delta" -> draft.delta = readLong(parser, draft, field);
                case "reason" -> draft.reason = readString(parser, draft, field);
                case "items" -> draft.items = readItems(parser, draft);
                default -> parser.skipChildren();
            }
        }
        return draft;
    }

    private static List<DraftEvent.DraftLine> readItems(JsonParser parser, DraftEvent draft) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            draft.typeError("items", "must be an array of order lines");
            return null;
        }
        List<DraftEvent.DraftLine> lines = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            String path = "items[" + lines.size() + "]";
            DraftEvent.DraftLine line = new DraftEvent.DraftLine();
            lines.add(line);
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                line.present = false;
                draft.typeError(path, "must be an object with productId, quantity and unitPrice");
                continue;
            }
            String field;
            while ((field = parser.nextFieldName()) != null) {
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (field) {
                    case "productId" -> line.productId = readLong(parser, draft, path + ".productId");
                    case "quantity" -> line.quantity = readLong(parser, draft, path + ".quantity");
                    case "unitPrice" -> line.unitPrice = readDecimal(parser, draft, path + ".unitPrice");
                    default -> parser.skipChildren();
                }
            }
        }
        return lines;
    }

    private static String readString(JsonParser parser, DraftEvent draft, String field) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        parser.skipChildren();
        draft.typeError(field, "must be a string");
        return null;
    }

    private static Long readLong(JsonParser parser, DraftEvent draft, String field) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            BigInteger value = parser.getBigIntegerValue();
            if (value.compareTo(LONG_MAX) <= 0 && value.compareTo(LONG_MIN) >= 0) {
                return value.longValue();
            }
            draft.typeError(field, "is out of range");
            return null;
        }
        parser.skipChildren();
        draft.typeError(field, "must be an integer");
        return null;
    }

    private static BigDecimal readDecimal(JsonParser parser, DraftEvent draft, String field) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getDecimalValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            try {
                return Money.parse(parser.getText());
            } catch (NumberFormatException e) {
                draft.typeError(field, "must be a decimal number of at most " + Money.MAX_TEXT_LENGTH + " characters");
                return null;
            }
        }
        parser.skipChildren();
        draft.typeError(field, "must be a decimal number");
        return null;
    }
}
