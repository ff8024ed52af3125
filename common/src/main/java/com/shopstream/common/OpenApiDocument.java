package com.shopstream.common;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves a service's OpenAPI 3 document, a resource of its jar, at {@code GET /openapi.json}. */
public final class OpenApiDocument {

    private OpenApiDocument() {
    }

    /** The document, checked to be JSON when the service starts rather than when a client asks. */
    public static JsonObject load(String resource) {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new JsonObject(Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Handler<RoutingContext> handler(String resource) {
        Buffer document = load(resource).toBuffer();
        return ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(document);
    }
}
