package com.shopstream.streams.store;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Compact binary forms of the stores' keys and values. Every byte is written to RocksDB and to a
 * changelog topic inside the transaction, so the baseline gets no handicap from a verbose format.
 */
public final class StoreSerdes {

    private static final int UUID_BYTES = 16;

    private StoreSerdes() {
    }

    /** An event id as its 16 bytes. */
    public static Serde<UUID> eventId() {
        return Serdes.serdeFrom((topic, id) -> id == null ? null : ByteBuffer.allocate(UUID_BYTES)
                .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array(),
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    if (bytes.length != UUID_BYTES) {
                        throw new SerializationException("an event id has 16 bytes, not " + bytes.length);
                    }
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    return new UUID(buffer.getLong(), buffer.getLong());
                });
    }

    /** The minute, the category's length and UTF-8 bytes, then the region's UTF-8 bytes. */
    public static Serde<RollupKey> rollupKey() {
        return Serdes.serdeFrom((topic, key) -> {
            if (key == null) {
                return null;
            }
            byte[] category = key.category().getBytes(StandardCharsets.UTF_8);
            byte[] region = key.region().getBytes(StandardCharsets.UTF_8);
            if (category.length > 0xFFFF) {
                throw new SerializationException("a category name longer than 65535 bytes");
            }
            return ByteBuffer.allocate(Long.BYTES + Short.BYTES + category.length + region.length)
                    .putLong(key.epochMinute()).putShort((short) category.length).put(category).put(region).array();
        }, (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long minute = buffer.getLong();
            int categoryLength = Short.toUnsignedInt(buffer.getShort());
            String category = new String(bytes, buffer.position(), categoryLength, StandardCharsets.UTF_8);
            int regionStart = buffer.position() + categoryLength;
            String region = new String(bytes, regionStart, bytes.length - regionStart, StandardCharsets.UTF_8);
            return new RollupKey(minute, category, region);
        });
    }

    /** Orders, units and the revenue's scale, then the revenue's unscaled value in as few bytes as it needs. */
    public static Serde<Rollup> rollup() {
        return Serdes.serdeFrom((topic, rollup) -> {
            if (rollup == null) {
                return null;
            }
            byte[] unscaled = rollup.revenue().unscaledValue().toByteArray();
            return ByteBuffer.allocate(2 * Long.BYTES + Integer.BYTES + unscaled.length)
                    .putLong(rollup.orders()).putLong(rollup.units()).putInt(rollup.revenue().scale()).put(unscaled).array();
        }, (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long orders = buffer.getLong();
            long units = buffer.getLong();
            int scale = buffer.getInt();
            BigInteger unscaled = new BigInteger(bytes, buffer.position(), bytes.length - buffer.position());
            return new Rollup(new BigDecimal(unscaled, scale), orders, units);
        });
    }
}
