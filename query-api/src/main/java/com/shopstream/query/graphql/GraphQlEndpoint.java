package com.shopstream.query.graphql;

import com.shopstream.common.api.ApiKey;
import com.shopstream.query.api.Endpoints;
import com.shopstream.query.api.SharedRead;
import graphql.GraphQL;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.graphql.GraphQLHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code POST /graphql}: the analytics as one GraphQL schema ({@code graphql/analytics.graphqls}),
 * each field of {@code Query} served by the read endpoint of a REST route. Before any field runs, a
 * query is refused beyond {@link #MAX_DEPTH} levels or {@link #MAX_COST}, where each field of
 * {@code Query} costs {@link #QUERY_FIELD_COST} (it runs a read) and any other field 1: aliases
 * cannot multiply the reads of one request without bound. Each field is charged to its route's rate
 * limit as well.
 */
public final class GraphQlEndpoint {

    public static final int MAX_DEPTH = 10;
    public static final int MAX_COST = 200;
    public static final int QUERY_FIELD_COST = 10;
    private static final String SCHEMA = "graphql/analytics.graphqls";

    /** Each field of Query and the REST route it answers from. */
    private static final Map<String, String> ROUTES = Map.ofEntries(
            Map.entry("realtime", "/v1/sales/realtime"),
            Map.entry("timeseries", "/v1/sales/timeseries"),
            Map.entry("topProducts", "/v1/products/top"),
            Map.entry("funnel", "/v1/funnel"),
            Map.entry("cohorts", "/v1/cohorts"),
            Map.entry("segments", "/v1/customers/segments"),
            Map.entry("customer", "/v1/customers/:customerId"),
            Map.entry("similarProducts", "/v1/products/:productId/similar"),
            Map.entry("recommendations", "/v1/customers/:customerId/recommendations"),
            Map.entry("search", "/v1/search"),
            Map.entry("pipelineStatus", "/v1/pipeline/status"));

    private GraphQlEndpoint() {
    }

    /**
     * The engine, each field answered by the read endpoint {@code reads} gives for its route's path,
     * looked up when the field runs. Parsing the schema and loading GraphQL Java take seconds on a
     * busy machine: build it off the event loop.
     */
    public static GraphQL build(Function<String, SharedRead> reads) {
        RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring()
                .scalar(GraphQlScalars.DECIMAL)
                .scalar(GraphQlScalars.LONG)
                .scalar(GraphQlScalars.DATE_TIME);
        wiring.type("Query", query -> {
            ROUTES.forEach((field, path) -> query.dataFetcher(field, new ReadField(() -> reads.apply(path))));
            return query;
        });
        GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(types(), wiring.build());
        GraphQLObjectType queryType = schema.getQueryType();
        if (!queryType.getFieldDefinitions().stream().allMatch(field -> ROUTES.containsKey(field.getName()))) {
            throw new IllegalStateException("every field of Query needs a route in " + GraphQlEndpoint.class.getSimpleName());
        }
        return GraphQL.newGraphQL(schema)
                .instrumentation(new ChainedInstrumentation(List.of(
                        new MaxQueryDepthInstrumentation(MAX_DEPTH),
                        new MaxQueryComplexityInstrumentation(MAX_COST, (env, children) ->
                                children + (env.getParentType() == queryType ? QUERY_FIELD_COST : 1)))))
                .build();
    }

    /** The handler for the route, once the key, its scope and the request's own rate limit are checked. */
    public static Handler<RoutingContext> handler(GraphQL graphQl, Endpoints api) {
        ROUTES.values().forEach(api::read);
        return GraphQLHandler.builder(graphQl)
                .beforeExecute(request -> request.builder().graphQLContext(Map.of(ApiKey.class, ApiKey.of(request.context()))))
                .build();
    }

    private static TypeDefinitionRegistry types() {
        try (InputStream in = GraphQlEndpoint.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA + " is not on the class path");
            }
            return new SchemaParser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
