package com.shopstream.query.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Short-lived tokens that let a browser's {@code EventSource}, which cannot send headers, open
 * {@code /v1/stream}: a client with a key asks {@code POST /v1/stream/tokens} for one and puts it
 * in the stream's URL. A token names the key it was issued to and when it expires, signed with
 * HMAC-SHA256 under a secret all instances share (created once in PostgreSQL), so any instance
 * accepts a token any other issued. Each token carries a random id that {@link LiveEndpoints}
 * spends in Redis when it opens a stream, so a token opens one stream once; the stream then lives
 * as long as its key stays valid.
 */
public final class StreamTokens {

    public static final Duration LIFETIME = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(StreamTokens.class);
    private static final int LOAD_ATTEMPTS = 30;
    private static final String SECRET_NAME = "stream-tokens";
    private static final String MAC = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private static final int ID_BYTES = 12;

    /** A valid token: the key it was issued to, its own random id, and when it expires. */
    public record Token(long keyId, String id, Instant expiresAt) {
    }

    private final SecretKeySpec secret;
    private final SecureRandom random = new SecureRandom();

    StreamTokens(byte[] secret) {
        this.secret = new SecretKeySpec(secret, MAC);
    }

    /**
     * The tokens of the shared secret, creating the secret if no instance has yet; tried again each
     * second for a while, so that an instance starting before PostgreSQL answers waits for it.
     */
    public static Future<StreamTokens> load(Vertx vertx, Pool pool) {
        return load(pool).recover(error -> retry(vertx, pool, error, LOAD_ATTEMPTS - 1));
    }

    private static Future<StreamTokens> retry(Vertx vertx, Pool pool, Throwable error, int attemptsLeft) {
        if (attemptsLeft == 0) {
            return Future.failedFuture(error);
        }
        LOG.warn("could not read the stream token secret, trying again in 1 s: {}", error.toString());
        return vertx.timer(1, TimeUnit.SECONDS).compose(v -> load(pool))
                .recover(again -> retry(vertx, pool, again, attemptsLeft - 1));
    }

    private static Future<StreamTokens> load(Pool pool) {
        byte[] candidate = new byte[32];
        new SecureRandom().nextBytes(candidate);
        Tuple params = Tuple.of(SECRET_NAME, Buffer.buffer(candidate));
        // Retried once: an instance creating the secret at the same moment commits it after this statement's snapshot.
        return pool.preparedQuery(AuthSql.SHARED_SECRET).execute(params)
                .compose(rows -> rows.size() > 0 ? Future.succeededFuture(rows) : pool.preparedQuery(AuthSql.SHARED_SECRET).execute(params))
                .map(rows -> new StreamTokens(rows.iterator().next().getBuffer(0).getBytes()));
    }

    public String issue(long keyId, Instant expiresAt) {
        byte[] id = new byte[ID_BYTES];
        random.nextBytes(id);
        String payload = keyId + "." + expiresAt.getEpochSecond() + "." + ENCODER.encodeToString(id);
        return ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + ENCODER.encodeToString(sign(payload));
    }

    /** The token, if it is one this secret signed and it has not expired; null for anything else. */
    public Token verify(String token, Instant now) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot < 0 || token.length() > 256) {
            return null;
        }
        try {
            String payload = new String(DECODER.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(sign(payload), DECODER.decode(token.substring(dot + 1)))) {
                return null;
            }
            String[] parts = payload.split("\\.");
            if (parts.length != 3) {
                return null;
            }
            Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[1]));
            return now.isBefore(expiresAt) ? new Token(Long.parseLong(parts[0]), parts[2], expiresAt) : null;
        } catch (IllegalArgumentException | IndexOutOfBoundsException | java.time.DateTimeException e) {
            return null;
        }
    }

    private byte[] sign(String payload) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(secret);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }
}
