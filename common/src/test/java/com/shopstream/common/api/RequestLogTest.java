package com.shopstream.common.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.shopstream.common.SharedFutures;
import com.shopstream.common.logging.ServiceLogEncoder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RequestLogTest {

    @Test
    @DisplayName("Each line logged while serving a request carries that request's id, also after joining a future another request created")
    void requestIdOnEveryLine() throws Exception {
        RequestLog.register();
        Vertx vertx = Vertx.vertx();
        Logger logger = (Logger) LoggerFactory.getLogger("request-log-test");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        ServiceLogEncoder encoder = new ServiceLogEncoder();
        List<String> encoded = new ArrayList<>();
        lines.start();
        logger.addAppender(lines);
        try {
            // The first request starts work bound to its own context; the other two join it; it ends once all three wait.
            CountDownLatch allWaiting = new CountDownLatch(3);
            AtomicReference<Future<String>> first = new AtomicReference<>();
            Router router = Router.router(vertx);
            router.route().handler(new RequestLog());
            router.get("/work").handler(ctx -> {
                Future<String> mine;
                if (first.get() == null) {
                    mine = vertx.executeBlocking(() -> allWaiting.await(10, TimeUnit.SECONDS) ? "done" : "timed out");
                    first.set(mine);
                } else {
                    mine = SharedFutures.join(first.get());
                }
                allWaiting.countDown();
                mine.onSuccess(result -> {
                    logger.info("served");
                    encoded.add(new String(encoder.encode(lines.list.get(lines.list.size() - 1)), StandardCharsets.UTF_8));
                    ctx.response().end(result);
                });
            });
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (String id : List.of("first-request", "second-request", "third-request")) {
                responses.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/work"))
                        .header(RequestLog.HEADER, id).build(), HttpResponse.BodyHandlers.ofString()));
                Thread.sleep(100);
            }
            List<String> echoed = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> response : responses) {
                echoed.add(response.get(10, TimeUnit.SECONDS).headers().firstValue(RequestLog.HEADER).orElseThrow());
            }
            assertThat(echoed).containsExactly("first-request", "second-request", "third-request");
            assertThat(encoded).hasSize(3);
            assertThat(encoded.stream().map(line -> new JsonObject(line).getString("requestId")))
                    .containsExactlyInAnyOrder("first-request", "second-request", "third-request");
        } finally {
            logger.detachAppender(lines);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("Only short ids of letters, digits, '-', '_' and '.' are taken from the caller")
    void plausibleIds() {
        assertThat(RequestLog.plausible("abc-123_x.y")).isTrue();
        assertThat(RequestLog.plausible("")).isFalse();
        assertThat(RequestLog.plausible("a b")).isFalse();
        assertThat(RequestLog.plausible("x\ny")).isFalse();
        assertThat(RequestLog.plausible("é")).isFalse();
        assertThat(RequestLog.plausible("a".repeat(65))).isFalse();
    }
}
