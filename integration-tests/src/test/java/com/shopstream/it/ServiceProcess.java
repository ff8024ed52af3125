package com.shopstream.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An extra instance of a service, started from the stack's own jar with some variables changed:
 * a second aggregator to share partitions, an ingest whose Kafka is unreachable, a second query-api
 * sharing the first one's Redis state.
 */
final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code <stateDir>/jars/<service>.jar} with its port variable set to a free port, plus {@code environment}. */
    static ServiceProcess start(Stack stack, String service, String portVariable, Map<String, String> environment) throws IOException {
        return start(stack, service, portVariable, environment, "256m");
    }

    static ServiceProcess start(Stack stack, String service, String portVariable, Map<String, String> environment, String heap)
            throws IOException {
        int port = freePort();
        Path log = Files.createTempFile(service + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                "-jar", stack.stateDir.resolve("jars").resolve(service + ".jar").toString()));
        builder.environment().put(portVariable, Integer.toString(port));
        builder.environment().put("SHOP_STATE_DIR", stack.stateDir.toString());
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return new ServiceProcess(builder.start(), port, log);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Waits until {@code GET /health} answers at all (any status), so the server is listening. */
    ServiceProcess awaitListening(Duration atMost) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(atMost);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("process exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return this;
            } catch (IOException notYet) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        throw new AssertionError("not listening on port " + port + " after " + atMost + ":\n" + Files.readString(log));
    }

    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
