package com.shopstream.common;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Serves a service's OpenAPI 3 document, a resource of its jar, at {@code GET /openapi.json}, and
 * lists the operations of a document and of a router in one form ({@code "GET /v1/things/{id}"}),
 * so that a test can hold the two against each other, and tells the query parameters each operation
 * declares, so that the routes admit those and no others.
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

    /** The query parameters each operation of a document declares, by operation ({@code "GET /v1/things/{id}"}). */
    public static Map<String, Set<String>> queryParameters(JsonObject document) {
        Map<String, Set<String>> byOperation = new HashMap<>();
        JsonObject paths = document.getJsonObject("paths");
        JsonObject shared = document.getJsonObject("components", new JsonObject()).getJsonObject("parameters", new JsonObject());
        for (String path : paths.fieldNames()) {
            JsonObject operations = paths.getJsonObject(path);
            for (String method : operations.fieldNames()) {
                Set<String> names = new TreeSet<>();
                JsonArray parameters = operations.getJsonObject(method).getJsonArray("parameters", new JsonArray());
                for (Object p : parameters) {
                    JsonObject parameter = (JsonObject) p;
                    if (parameter.containsKey("$ref")) {
                        String ref = parameter.getString("$ref");
                        parameter = shared.getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
                    }
                    if ("query".equals(parameter.getString("in"))) {
                        names.add(parameter.getString("name"));
                    }
                }
                byOperation.put(method.toUpperCase(Locale.ROOT) + " " + path, names);
            }
        }
        return byOperation;
    }

    /** A route's path ({@code /v1/things/:id}) as the document writes it ({@code /v1/things/{id}}). */
    public static String templated(String routePath) {
        return routePath.replaceAll(":([A-Za-z]+)", "{$1}");
    }

    /** The operations a router serves on paths of its own (router-wide handlers and wildcard paths aside). */
    public static Set<String> operations(Router router) {
        Set<String> operations = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            String path = route.getPath();
            if (path == null || !route.isExactPath() || route.methods() == null) {
                continue;
            }
            route.methods().forEach(method -> operations.add(method.name() + " " + templated(path)));
        }
        return operations;
    }

    public static Handler<RoutingContext> handler(String resource) {
        Buffer document = load(resource).toBuffer();
        return ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(document);
    }
}
