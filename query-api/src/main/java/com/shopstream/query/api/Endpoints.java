package com.shopstream.query.api;

import com.shopstream.common.HttpResponses;
import com.shopstream.common.OpenApiDocument;
import com.shopstream.common.api.ApiKeyAuthenticator;
import com.shopstream.common.api.EndpointClass;
import com.shopstream.common.api.HeldBody;
import com.shopstream.common.api.QueryParameters;
import com.shopstream.common.api.RateLimiter;
import com.shopstream.common.api.Scope;
import io.netty.handler.codec.http.QueryStringEncoder;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.MIMEHeader;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Declares the API's routes, each with what it needs before its handler: the API key's scope, the
 * rate limit of its endpoint class and, for read endpoints, the answer's representation: JSON or
 * CSV ({@code Accept: text/csv} or {@code format=csv}), shared through the response cache, with an
 * ETag that turns a matching {@code If-None-Match} into a 304, and a {@code Link} to the next page.
 */
public final class Endpoints {

    private static final String FORMAT = "format";
    private static final String CURSOR = "cursor";
    private static final String JSON_TYPE = "application/json";
    private static final String CSV_TYPE = "text/csv; charset=utf-8";

    private final Router router;
    private final ApiKeyAuthenticator keys;
    private final RateLimiter limits;
    private final ResponseCache cache;
    private final Map<String, Set<String>> documentedParameters;
    private final Map<String, SharedRead> reads = new HashMap<>();

    /** @param documentedParameters the query parameters of each operation, from the OpenAPI document */
    public Endpoints(Router router, ApiKeyAuthenticator keys, RateLimiter limits, ResponseCache cache,
              Map<String, Set<String>> documentedParameters) {
        this.router = router;
        this.keys = keys;
        this.limits = limits;
        this.cache = cache;
        this.documentedParameters = documentedParameters;
    }

    /** Admits the query parameters the document declares for the operation, and no others. */
    public QueryParameters parameters(HttpMethod method, String path) {
        String operation = method.name() + " " + OpenApiDocument.templated(path);
        Set<String> declared = documentedParameters.get(operation);
        if (declared == null) {
            throw new IllegalStateException(operation + " is not in the OpenAPI document");
        }
        return new QueryParameters(declared);
    }

    /** The read endpoint declared with {@link #get} at {@code path}, for another door onto its answers. */
    public SharedRead read(String path) {
        SharedRead read = reads.get(path);
        if (read == null) {
            throw new IllegalArgumentException("no read endpoint is declared at " + path);
        }
        return read;
    }

    /** A read endpoint: GET, scope {@code read}. */
    public Declaration get(String path, EndpointClass endpointClass) {
        return new Declaration(HttpMethod.GET, path, Scope.READ, endpointClass);
    }

    public Declaration route(HttpMethod method, String path, Scope scope, EndpointClass endpointClass) {
        return new Declaration(method, path, scope, endpointClass);
    }

    /** One route being declared. */
    public final class Declaration {

        private final HttpMethod method;
        private final String path;
        private final Scope scope;
        private final EndpointClass endpointClass;
        private CachePolicy cachePolicy;
        private CsvLayout csv;
        private int bodyLimit = -1;

        private Declaration(HttpMethod method, String path, Scope scope, EndpointClass endpointClass) {
            this.method = method;
            this.path = path;
            this.scope = scope;
            this.endpointClass = endpointClass;
        }

        public Declaration cached(CachePolicy policy) {
            this.cachePolicy = policy;
            return this;
        }

        public Declaration csv(CsvLayout layout) {
            this.csv = layout;
            return this;
        }

        /** Reads a request body of at most {@code bytes}, once the key and rate checks passed. */
        public Declaration body(int bytes) {
            this.bodyLimit = bytes;
            return this;
        }

        /** Serves the endpoint's answer as JSON, or as CSV where a layout is declared. */
        public void answer(ReadEndpoint endpoint) {
            CachePolicy policy = cachePolicy;
            CsvLayout layout = csv;
            if (method == HttpMethod.GET && scope == Scope.READ) {
                reads.put(path, new SharedRead(path, endpointClass, policy, endpoint, limits, cache));
            }
            handle(ctx -> {
                boolean asCsv = wantsCsv(ctx, layout != null);
                Supplier<Future<ResponseCache.Entry>> render = () -> endpoint.answer(Parameters.of(ctx)).map(answer -> {
                    JsonObject body = answer.toJson();
                    return ResponseCache.Entry.of(asCsv ? Buffer.buffer(layout.render(body)) : body.toBuffer(), answer.nextCursor());
                });
                Future<ResponseCache.Entry> entry = policy == null
                        ? render.get()
                        : cache.get(policy, canonical(ctx, asCsv), render);
                entry.onSuccess(found -> send(ctx, found, asCsv)).onFailure(ctx::fail);
            });
        }

        /** Serves the route with its own handler (writes, streams), after the key and rate checks. */
        public void handle(Handler<RoutingContext> handler) {
            install(keys.require(scope), handler);
        }

        /** Like {@link #handle}, with the key check wrapped by a route that also takes another credential. */
        public void handleWith(UnaryOperator<Handler<RoutingContext>> credentials, Handler<RoutingContext> handler) {
            install(credentials.apply(keys.require(scope)), handler);
        }

        /**
         * The key and the rate limit are checked before any body is read: a client without a key costs
         * no body reading. Vert.x wants a body handler first on its route, so a second route for the
         * same path reads the body.
         */
        private void install(Handler<RoutingContext> authentication, Handler<RoutingContext> handler) {
            Route checks = router.route(method, path).handler(parameters(method, path));
            if (bodyLimit < 0) {
                checks.handler(authentication).handler(limits.limit(endpointClass)).handler(handler);
                return;
            }
            checks.handler(HeldBody.hold()).handler(authentication).handler(limits.limit(endpointClass)).handler(HeldBody.release());
            router.route(method, path).handler(BodyHandler.create(false).setBodyLimit(bodyLimit)).handler(handler);
        }
    }

    /**
     * Whether the request asks for CSV: {@code format} decides when given; otherwise the most
     * preferred type of {@code Accept} that this endpoint serves. Nothing acceptable: 406.
     */
    static boolean wantsCsv(RoutingContext ctx, boolean csvAvailable) {
        String format = Parameters.of(ctx).get(FORMAT);
        if (format != null) {
            if (format.equals("json")) {
                return false;
            }
            if (format.equals("csv") && csvAvailable) {
                return true;
            }
            throw new BadParameterException(FORMAT, csvAvailable ? "must be json or csv" : "must be json: this endpoint has no CSV form");
        }
        List<MIMEHeader> accepted = ctx.parsedHeaders().accept();
        if (accepted.isEmpty()) {
            return false;
        }
        for (MIMEHeader type : accepted) {
            String main = type.component();
            String sub = type.subComponent();
            if (type.weight() <= 0) {
                continue;
            }
            if (csvAvailable && ("text".equals(main) && ("csv".equals(sub) || "*".equals(sub)))) {
                return true;
            }
            if ("*".equals(main) || ("application".equals(main) && ("json".equals(sub) || "*".equals(sub)))) {
                return false;
            }
        }
        throw new ApiException(406, "this endpoint answers " + JSON_TYPE + (csvAvailable ? " or text/csv" : ""));
    }

    /** The request as the cache knows it: path, parameters in a fixed order (the format aside), format. */
    private static String canonical(RoutingContext ctx, boolean asCsv) {
        return canonical(ctx.request().path(), ctx.queryParams().entries(), asCsv);
    }

    static String canonical(String path, List<Map.Entry<String, String>> query, boolean asCsv) {
        List<Map.Entry<String, String>> params = new ArrayList<>(query);
        params.removeIf(p -> p.getKey().equals(FORMAT));
        params.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        QueryStringEncoder canonical = new QueryStringEncoder(path);
        params.forEach(p -> canonical.addParam(p.getKey(), p.getValue()));
        return canonical + (asCsv ? "#csv" : "#json");
    }

    private static void send(RoutingContext ctx, ResponseCache.Entry entry, boolean asCsv) {
        HttpServerResponse response = ctx.response()
                .putHeader(HttpHeaders.ETAG, entry.etag())
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .putHeader(HttpHeaders.VARY, "Accept");
        if (entry.nextCursor() != null) {
            response.putHeader("Link", "<" + nextPage(ctx, entry.nextCursor()) + ">; rel=\"next\"");
        }
        if (ETags.matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), entry.etag())) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, asCsv ? CSV_TYPE : JSON_TYPE).end(entry.body());
    }

    private static String nextPage(RoutingContext ctx, String cursor) {
        QueryStringEncoder next = new QueryStringEncoder(ctx.request().path());
        ctx.queryParams().forEach((name, value) -> {
            if (!name.equals(CURSOR)) {
                next.addParam(name, value);
            }
        });
        next.addParam(CURSOR, cursor);
        return next.toString();
    }

    /**
     * The failure handler: parameter errors and refusals as JSON errors, a database that is slow or
     * away as 503 with {@code Retry-After}, the rest to the 500 handler.
     */
    public static void installFailureHandler(Router router) {
        router.route().failureHandler(ctx -> {
            ApiException refused = ctx.failure() instanceof ApiException known ? known : DatabaseFailures.asRefusal(ctx.failure());
            if (ctx.failure() instanceof BadParameterException bad) {
                HttpResponses.badParameter(ctx, bad.parameter(), bad.getMessage());
            } else if (refused != null) {
                if (refused.retryAfterSeconds() != null) {
                    ctx.response().putHeader(HttpHeaders.RETRY_AFTER, refused.retryAfterSeconds().toString());
                }
                HttpResponses.error(ctx, refused.status(), refused.getMessage());
            } else {
                ctx.next();
            }
        });
    }
}
