package com.shopstream.common.api;

import com.shopstream.common.Settings;
import com.shopstream.common.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * How keys look and how they are stored: {@code shs_} followed by 32 random bytes in base64url,
 * kept only as the SHA-256 digest of that text ({@link ApiKeyStore}).
 */
public final class ApiKeySecrets {

    public static final String HEADER = "X-API-Key";
    private static final String PREFIX = "shs_";
    private static final int SHOWN_PREFIX_LENGTH = PREFIX.length() + 8;
    /** Longer than any key this service makes; longer headers are rejected before hashing. */
    static final int MAX_LENGTH = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecrets() {
    }

    public static String generate() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /**
     * The key the clients on this machine use (load runs, benchmarks, tests): {@code SHOP_API_KEY},
     * or else the file {@code infra/up} writes, {@code <state dir>/api-key}.
     */
    public static String local(Settings settings, Path defaultStateDir) {
        String key = settings.string("SHOP_API_KEY", null);
        if (key != null) {
            return key;
        }
        Path file = Path.of(settings.string("SHOP_STATE_DIR", defaultStateDir.toString())).resolve("api-key");
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new IllegalStateException("no API key: set SHOP_API_KEY, or run infra/up, which writes " + file, e);
        }
    }

    public static byte[] digest(String key) {
        return Sha256.of(key);
    }

    /** The first characters of a key, stored in the clear so that lists can show which key is which. */
    public static String shownPrefix(String key) {
        return key.substring(0, Math.min(SHOWN_PREFIX_LENGTH, key.length()));
    }
}
