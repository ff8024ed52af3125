package com.shopstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ApiKeysIT {

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("Without a key, or with an unknown one, every API route is 401; health, metrics, OpenAPI and the dashboard are open")
    void unauthenticated() {
        for (String path : List.of("/v1/sales/realtime", "/v1/products", "/v1/pipeline/status", "/v1/admin/keys", "/v1/stream")) {
            for (String key : new String[] {null, "shs_not-a-key", ""}) {
                HttpResponse<Buffer> response = send(HttpMethod.GET, stack.queryApi + path, key);
                assertThat(response.statusCode()).as(path + " with " + key).isEqualTo(401);
                assertThat(response.getHeader("WWW-Authenticate")).contains("X-API-Key");
                assertThat(response.bodyAsJsonObject().getString("error")).containsIgnoringCase("API key");
            }
        }
        HttpResponse<Buffer> events = Stack.await(stack.request(HttpMethod.POST, stack.ingest + "/v1/events", null)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("[]")));
        assertThat(events.statusCode()).isEqualTo(401);
        for (String url : List.of(stack.queryApi + "/health", stack.queryApi + "/metrics", stack.queryApi + "/openapi.json",
                stack.queryApi + "/", stack.ingest + "/health", stack.ingest + "/metrics", stack.ingest + "/openapi.json")) {
            assertThat(send(HttpMethod.GET, url, null).statusCode()).as(url).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("A key without the route's scope is 403: read cannot write or manage keys, write cannot read")
    void scopes() {
        String reader = stack.createKey(TestData.uniqueName("it-reader"), null, "read").getString("key");
        String writer = stack.createKey(TestData.uniqueName("it-writer"), null, "write").getString("key");

        assertThat(send(HttpMethod.GET, stack.queryApi + "/v1/sales/realtime", reader).statusCode()).isEqualTo(200);
        assertForbidden(send(HttpMethod.GET, stack.queryApi + "/v1/admin/keys", reader), "admin");
        assertForbidden(Stack.await(stack.request(HttpMethod.PUT, stack.queryApi + "/v1/products/" + TestData.uniqueId(), reader)
                .sendJsonObject(new JsonObject())), "write");
        assertForbidden(Stack.await(stack.request(HttpMethod.POST, stack.ingest + "/v1/events", reader)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("[]"))), "write");

        assertForbidden(send(HttpMethod.GET, stack.queryApi + "/v1/sales/realtime", writer), "read");
        HttpResponse<Buffer> posted = Stack.await(stack.request(HttpMethod.POST, stack.ingest + "/v1/events", writer)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("[]")));
        assertThat(posted.statusCode()).as("authorized, then refused for holding no events").isEqualTo(400);
    }

    @Test
    @DisplayName("Admin keys create, list and revoke keys; a key is shown once, stored only as a digest, and stops working once revoked")
    void lifecycle() {
        String name = TestData.uniqueName("it-lifecycle");
        JsonObject created = stack.createKey(name, new JsonObject().put("query", "100/min"), "read", "write");
        String key = created.getString("key");
        long id = created.getLong("id");
        assertThat(key).startsWith("shs_").startsWith(created.getString("prefix"));
        assertThat(created.getJsonArray("scopes")).containsExactly("read", "write");
        assertThat(created.getJsonObject("rateLimits")).isEqualTo(new JsonObject().put("query", "100/min"));
        assertThat(stack.sql("SELECT count(*) FROM api_keys WHERE id = $1 AND key_hash = sha256(convert_to($2, 'UTF8'))", id, key)
                .iterator().next().getLong(0)).isEqualTo(1);

        JsonObject listed = listedKey(id, false);
        assertThat(listed.getString("name")).isEqualTo(name);
        assertThat(listed.containsKey("key")).isFalse();
        assertThat(listed.getString("revokedAt")).isNull();

        assertThat(send(HttpMethod.GET, stack.queryApi + "/v1/products?limit=1", key).statusCode()).isEqualTo(200);
        assertThat(send(HttpMethod.DELETE, stack.queryApi + "/v1/admin/keys/" + id, stack.apiKey).statusCode()).isEqualTo(204);
        assertThat(send(HttpMethod.DELETE, stack.queryApi + "/v1/admin/keys/" + id, stack.apiKey).statusCode())
                .as("revoking twice").isEqualTo(204);
        assertThat(send(HttpMethod.GET, stack.queryApi + "/v1/products?limit=1", key).statusCode()).isEqualTo(401);
        assertThat(listedKey(id, false)).as("hidden once revoked").isNull();
        assertThat(listedKey(id, true).getString("revokedAt")).isNotNull();
        assertThat(send(HttpMethod.DELETE, stack.queryApi + "/v1/admin/keys/" + TestData.uniqueId(), stack.apiKey).statusCode())
                .isEqualTo(404);
    }

    @Test
    @DisplayName("A bad key request is a 400 naming each field")
    void invalidKeyRequests() {
        HttpResponse<Buffer> response = Stack.await(stack.request(HttpMethod.POST, stack.queryApi + "/v1/admin/keys", stack.apiKey)
                .sendJsonObject(new JsonObject().put("scopes", new JsonArray().add("root")).put("rateLimits", new JsonObject().put("bulk", "1/s"))));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.bodyAsJsonObject().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).toList())
                .containsExactly("name", "scopes[0]", "rateLimits");
        HttpResponse<Buffer> notJson = Stack.await(stack.request(HttpMethod.POST, stack.queryApi + "/v1/admin/keys", stack.apiKey)
                .sendBuffer(Buffer.buffer("{")));
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(send(HttpMethod.DELETE, stack.queryApi + "/v1/admin/keys/zero", stack.apiKey).statusCode()).isEqualTo(400);
    }

    /** The key's entry in the admin list, walking its pages; null when it is not listed. */
    private JsonObject listedKey(long id, boolean includeRevoked) {
        String cursor = null;
        do {
            JsonObject page = Stack.await(stack.request(HttpMethod.GET, stack.queryApi + "/v1/admin/keys?limit=1000&includeRevoked="
                    + includeRevoked + (cursor == null ? "" : "&cursor=" + cursor), stack.apiKey).send()).bodyAsJsonObject();
            for (Object o : page.getJsonArray("keys")) {
                if (((JsonObject) o).getLong("id") == id) {
                    return (JsonObject) o;
                }
            }
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return null;
    }

    private HttpResponse<Buffer> send(HttpMethod method, String url, String key) {
        return Stack.await(stack.request(method, url, key).send());
    }

    private static void assertForbidden(HttpResponse<Buffer> response, String scope) {
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.bodyAsJsonObject().getString("error")).contains("'" + scope + "'");
    }
}
