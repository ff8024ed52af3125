package com.shopstream.query.api;

/** A request that cannot be answered as asked, with the HTTP status and the message the client gets. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final Integer retryAfterSeconds;

    ApiException(int status, String message) {
        this(status, message, null);
    }

    private ApiException(int status, String message, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    /** A 503 telling the client when to try again. */
    public static ApiException unavailable(String message, int retryAfterSeconds) {
        return new ApiException(503, message, retryAfterSeconds);
    }

    /** A 422: the request is understood, and what it asks cannot be done. */
    public static ApiException unprocessable(String message) {
        return new ApiException(422, message);
    }

    /** A 429: the key's limit for the endpoint class is used up for now. */
    public static ApiException rateLimited(String endpointClass, int retryAfterSeconds) {
        return new ApiException(429, "rate limit for " + endpointClass + " requests exceeded; retry in " + retryAfterSeconds + " s",
                retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    /** Seconds for a {@code Retry-After}, or null. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
