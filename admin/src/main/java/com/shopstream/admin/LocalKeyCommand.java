package com.shopstream.admin;

import com.shopstream.common.Clients;
import com.shopstream.common.ConnectionSettings;
import com.shopstream.common.Settings;
import com.shopstream.common.api.ApiKeySecrets;
import com.shopstream.common.api.ApiKeyStore;
import com.shopstream.common.api.Scope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;

/**
 * The local admin key that load runs, benchmarks and tests use: every scope, no rate limits. Kept
 * in {@code <state dir>/api-key}, readable by its owner only; the database holds only its digest.
 * A key that is missing, unknown or revoked is replaced by a new one.
 */
@Command(name = "ensure-local-key", mixinStandardHelpOptions = true,
        description = "Keep the local admin key in <state dir>/api-key, or make a new one if it is missing or no longer valid.")
final class LocalKeyCommand implements Callable<Integer> {

    private static final String NAME = "local admin (infra/up)";
    private static final JsonObject UNLIMITED = new JsonObject().put("*", "unlimited");

    @Override
    public Integer call() throws Exception {
        Settings settings = Settings.fromEnvironment();
        Path stateDir = Path.of(settings.string("SHOP_STATE_DIR", ".stack"));
        Path file = stateDir.resolve("api-key");
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = Clients.postgres(vertx, ConnectionSettings.from(settings, stateDir), 1, "admin");
            String existing = Files.isReadable(file) ? Files.readString(file).trim() : "";
            if (!existing.isEmpty()) {
                if (await(ApiKeyStore.isActive(pool, existing))) {
                    return 0;
                }
                System.out.println("the key in " + file + " is unknown or revoked; making a new local admin key");
            }
            String key = ApiKeySecrets.generate();
            String[] scopes = Arrays.stream(Scope.values()).map(Scope::label).sorted().toArray(String[]::new);
            await(ApiKeyStore.create(pool, NAME, key, scopes, UNLIMITED));
            writeOwnerOnly(file, key);
            System.out.println("created the local admin API key (" + file + ")");
            return 0;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static void writeOwnerOnly(Path file, String key) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(next);
        Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(next, key + "\n");
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static <T> T await(Future<T> future) throws InterruptedException, ExecutionException, TimeoutException {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
