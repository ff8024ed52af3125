package com.shopstream.common.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.shopstream.common.api.RequestLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/**
 * Writes each log event as one line: by default ({@code SHOP_LOG_FORMAT=json}) a JSON object with {@code time}, {@code level}, {@code logger},
 * {@code thread}, {@code message}, the {@code requestId} of the HTTP request being served (see
 * {@link RequestLog}; a {@code requestId} the event names itself wins), the event's key-value pairs as fields of their own, and {@code error} with
 * the stack trace; with {@code SHOP_LOG_FORMAT=text}, the same for a person to read. Runs in the
 * logging thread, which is what lets it read the request's context.
 */
public final class ServiceLogEncoder extends EncoderBase<ILoggingEvent> {

    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] NOTHING = new byte[0];
    private static final String REQUEST_ID = "requestId";
    private static final boolean TEXT = "text".equalsIgnoreCase(System.getenv("SHOP_LOG_FORMAT"));

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return TEXT ? text(event) : json(event);
    }

    private static byte[] text(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(160)
                .append(Instant.ofEpochMilli(event.getTimeStamp())).append(' ')
                .append(String.format("%-5s", event.getLevel())).append(" [").append(event.getThreadName()).append("] ")
                .append(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
        String requestId = RequestLog.current();
        if (requestId != null) {
            line.append(" requestId=").append(requestId);
        }
        if (event.getKeyValuePairs() != null) {
            event.getKeyValuePairs().forEach(pair -> line.append(' ').append(pair.key).append('=').append(pair.value));
        }
        line.append('\n');
        if (event.getThrowableProxy() != null) {
            line.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
        }
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] json(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            json.writeStringField("level", event.getLevel().toString());
            json.writeStringField("logger", event.getLoggerName());
            json.writeStringField("thread", event.getThreadName());
            json.writeStringField("message", event.getFormattedMessage());
            List<KeyValuePair> pairs = event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs();
            String requestId = RequestLog.current();
            if (requestId != null && pairs.stream().noneMatch(pair -> REQUEST_ID.equals(pair.key))) {
                json.writeStringField(REQUEST_ID, requestId);
            }
            for (KeyValuePair pair : pairs) {
                writeField(json, pair.key, pair.value);
            }
            IThrowableProxy error = event.getThrowableProxy();
            if (error != null) {
                json.writeStringField("error", ThrowableProxyUtil.asString(error));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }

    private static void writeField(JsonGenerator json, String key, Object value) throws IOException {
        if (value == null) {
            json.writeNullField(key);
        } else if (value instanceof Integer || value instanceof Long) {
            json.writeNumberField(key, ((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            json.writeNumberField(key, ((Number) value).doubleValue());
        } else if (value instanceof Boolean flag) {
            json.writeBooleanField(key, flag);
        } else {
            json.writeStringField(key, value.toString());
        }
    }
}
