package com.shopstream.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.common.OpenApiDocument;
import com.shopstream.common.Settings;
import com.shopstream.query.graphql.GraphQlEndpoint;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OpenApiSyncTest {

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([A-Za-z]+)}");

    private Vertx vertx;
    private Router router;
    private JsonObject document;

    @BeforeEach
    void routes() {
        vertx = Vertx.vertx();
        QueryApiVerticle verticle = new QueryApiVerticle(QueryApiConfig.from(new Settings(Map.of())),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        verticle.init(vertx, vertx.getOrCreateContext());
        // The clients stay unconnected: building the routes only hands them to the handlers.
        router = verticle.routes(null, null, GraphQlEndpoint.build(path -> {
            throw new IllegalStateException("no field runs in this test");
        }));
        document = OpenApiDocument.load(QueryApiVerticle.OPENAPI);
    }

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    @DisplayName("The OpenAPI document describes exactly the operations query-api routes")
    void sameOperations() {
        assertThat(OpenApiDocument.operations(document)).isEqualTo(OpenApiDocument.operations(router));
    }

    @Test
    @DisplayName("Every path parameter of a route is declared by its operation, and every operation has responses")
    void pathParametersDeclared() {
        JsonObject paths = document.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            Set<String> inPath = new TreeSet<>();
            Matcher matcher = PATH_PARAMETER.matcher(path);
            while (matcher.find()) {
                inPath.add(matcher.group(1));
            }
            for (String method : paths.getJsonObject(path).fieldNames()) {
                JsonObject operation = paths.getJsonObject(path).getJsonObject(method);
                Set<String> declared = new TreeSet<>();
                for (Object p : operation.getJsonArray("parameters", new JsonArray())) {
                    JsonObject parameter = (JsonObject) p;
                    if ("path".equals(parameter.getString("in"))) {
                        declared.add(parameter.getString("name"));
                    }
                }
                assertThat(declared).as(method + " " + path).isEqualTo(inPath);
                assertThat(operation.getJsonObject("responses").isEmpty()).as(method + " " + path).isFalse();
            }
        }
    }

    @Test
    @DisplayName("Every JSON response has a schema, and every object in a schema names its properties, so a generated client gets types")
    void responsesTyped() {
        JsonObject paths = document.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                JsonObject responses = paths.getJsonObject(path).getJsonObject(method).getJsonObject("responses");
                for (String status : responses.fieldNames()) {
                    JsonObject json = responses.getJsonObject(status).getJsonObject("content", new JsonObject()).getJsonObject("application/json");
                    if (json != null) {
                        assertThat(json.getJsonObject("schema")).as(method + " " + path + " " + status).isNotNull();
                    }
                }
            }
        }
        assertThat(untypedObjects(document, "#")).isEmpty();
    }

    private static List<String> untypedObjects(Object node, String where) {
        List<String> found = new ArrayList<>();
        if (node instanceof JsonObject object) {
            if ("object".equals(object.getString("type")) && !object.containsKey("properties")
                    && !object.containsKey("additionalProperties") && !object.containsKey("allOf")) {
                found.add(where);
            }
            object.fieldNames().forEach(name -> found.addAll(untypedObjects(object.getValue(name), where + "/" + name)));
        } else if (node instanceof JsonArray array) {
            for (int i = 0; i < array.size(); i++) {
                found.addAll(untypedObjects(array.getValue(i), where + "/" + i));
            }
        }
        return found;
    }
}
