package com.shopstream.query.api;

import com.shopstream.common.Sha256;
import java.util.Arrays;
import java.util.Base64;

/** Strong entity tags from the content of a representation, and the {@code If-None-Match} test. */
final class ETags {

    private ETags() {
    }

    /** A quoted tag from the first 128 bits of the content's SHA-256. */
    static String of(byte[] content) {
        byte[] hash = Sha256.of(content);
        return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 16)) + "\"";
    }

    /** Whether an {@code If-None-Match} header names the tag (weak comparison, as RFC 9110 asks for GET). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String opaque = strip(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || strip(tag).equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    private static String strip(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
