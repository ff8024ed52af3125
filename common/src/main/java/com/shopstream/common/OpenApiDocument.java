package com.shopstream.common;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Serves a service's OpenAPI 3 document, a resource of its jar, at {@code GET /openapi.json}, and
 * lists the operations of a document and of a router in one form ({@code "GET /v1/things/{id}"}),
 * so that a test can hold the two against each other.
 */
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

    /** The operations a document describes. */
    public static Set<String> operations(JsonObject document) {
        Set<String> operations = new TreeSet<>();
        JsonObject paths = document.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                operations.add(method.toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        return operations;
    }

    /** The operations a router serves on paths of its own (router-wide handlers and wildcard paths aside). */
    public static Set<String> operations(Router router) {
        Set<String> operations = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            String path = route.getPath();
            if (path == null || !route.isExactPath() || route.methods() == null) {
                continue;
            }
            String templated = path.replaceAll(":([A-Za-z]+)", "{$1}");
            route.methods().forEach(method -> operations.add(method.name() + " " + templated));
        }
        return operations;
    }

    public static Handler<RoutingContext> handler(String resource) {
        Buffer document = load(resource).toBuffer();
        return ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(document);
    }
}
