package com.shopstream.query.api;

import com.shopstream.common.api.ApiKey;
import com.shopstream.common.api.EndpointClass;
import com.shopstream.common.api.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A read endpoint opened to a door other than its REST route (GraphQL): the same parameters and
 * their checks, the same rate limit of its endpoint class, and the same cached answers under the same
 * cache keys as the equivalent GET, so the two doors never disagree and never compute an answer twice.
 */
public final class SharedRead {

    private static final Pattern PATH_PARAMETER = Pattern.compile(":([A-Za-z]+)");

    private final String path;
    private final EndpointClass endpointClass;
    private final CachePolicy policy;
    private final ReadEndpoint endpoint;
    private final RateLimiter limits;
    private final ResponseCache cache;

    SharedRead(String path, EndpointClass endpointClass, CachePolicy policy, ReadEndpoint endpoint, RateLimiter limits,
               ResponseCache cache) {
        this.path = path;
        this.endpointClass = endpointClass;
        this.policy = policy;
        this.endpoint = endpoint;
        this.limits = limits;
        this.cache = cache;
    }

    /**
     * The JSON answer of the GET with these parameters (path parameters by name, the others as query
     * parameters; null values left out), charged to {@code key}'s limit. Fails as the route would:
     * {@link BadParameterException}, {@link ApiException} (429 beyond the limit) or a database failure.
     */
    public Future<Buffer> answer(ApiKey key, Map<String, String> parameters) {
        return limits.charge(key, endpointClass).compose(waitSeconds -> {
            if (waitSeconds > 0) {
                return Future.failedFuture(ApiException.rateLimited(endpointClass.label(), waitSeconds.intValue()));
            }
            Supplier<Future<ResponseCache.Entry>> render = () -> Future.<Void>succeededFuture()
                    .compose(v -> endpoint.answer(Parameters.of(parameters)))
                    .map(answer -> ResponseCache.Entry.of(answer.toJson().toBuffer(), answer.nextCursor()));
            return (policy == null ? render.get() : cache.get(policy, cacheKey(parameters), render)).map(ResponseCache.Entry::body);
        }).recover(failure -> {
            ApiException refusal = DatabaseFailures.asRefusal(failure);
            return Future.failedFuture(refusal != null ? refusal : failure);
        });
    }

    /** The key the GET's answer is cached under: its path with the values in place, the other parameters in order. */
    private String cacheKey(Map<String, String> parameters) {
        List<Map.Entry<String, String>> query = new ArrayList<>();
        parameters.forEach((name, value) -> {
            if (value != null) {
                query.add(Map.entry(name, value));
            }
        });
        StringBuilder concrete = new StringBuilder();
        Matcher matcher = PATH_PARAMETER.matcher(path);
        while (matcher.find()) {
            String name = matcher.group(1);
            query.removeIf(p -> p.getKey().equals(name));
            matcher.appendReplacement(concrete, Matcher.quoteReplacement(String.valueOf(parameters.get(name))));
        }
        matcher.appendTail(concrete);
        return Endpoints.canonical(concrete.toString(), query, false);
    }
}
