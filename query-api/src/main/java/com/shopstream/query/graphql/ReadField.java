package com.shopstream.query.graphql;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shopstream.common.api.ApiKey;
import com.shopstream.query.api.ApiException;
import com.shopstream.query.api.BadParameterException;
import com.shopstream.query.api.SharedRead;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a field of {@code Query} from the read endpoint of its REST route: the arguments become
 * the route's parameters, the route's JSON answer becomes the field's value, and a refusal becomes
 * a GraphQL error carrying the HTTP status (and the parameter, or the seconds to wait) the route
 * would have answered, while the query's other fields are still answered.
 */
final class ReadField implements DataFetcher<CompletionStage<DataFetcherResult<Object>>> {

    private static final Logger LOG = LoggerFactory.getLogger(ReadField.class);
    /** Decimals stay exact from the cached JSON to the GraphQL answer. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final Supplier<SharedRead> read;

    ReadField(Supplier<SharedRead> read) {
        this.read = read;
    }

    @Override
    public CompletionStage<DataFetcherResult<Object>> get(DataFetchingEnvironment env) {
        ApiKey key = env.getGraphQlContext().get(ApiKey.class);
        Map<String, String> parameters = new HashMap<>();
        env.getArguments().forEach((name, value) -> {
            if (value != null) {
                parameters.put(name, value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString());
            }
        });
        return read.get().answer(key, parameters)
                .map(body -> DataFetcherResult.newResult().data(parse(body)).build())
                .recover(failure -> Future.succeededFuture(DataFetcherResult.newResult().error(error(env, failure)).build()))
                .toCompletionStage();
    }

    private static Object parse(Buffer body) {
        try {
            return JSON.readValue(body.getBytes(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static graphql.GraphQLError error(DataFetchingEnvironment env, Throwable failure) {
        GraphqlErrorBuilder<?> error = GraphqlErrorBuilder.newError(env);
        if (failure instanceof BadParameterException bad) {
            return error.message("invalid argument '%s': %s", bad.parameter(), bad.getMessage())
                    .extensions(Map.of("status", 400, "parameter", bad.parameter())).build();
        }
        if (failure instanceof ApiException refused) {
            Map<String, Object> extensions = new HashMap<>();
            extensions.put("status", refused.status());
            if (refused.retryAfterSeconds() != null) {
                extensions.put("retryAfterSeconds", refused.retryAfterSeconds());
            }
            return error.message(refused.getMessage()).extensions(extensions).build();
        }
        LOG.error("GraphQL field {} failed", env.getField().getName(), failure);
        return error.message("internal error").extensions(Map.of("status", 500)).build();
    }
}
