package com.shopstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.shopstream.common.Clients;
import com.shopstream.common.ConnectionSettings;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The local stack's stores refuse clients without the generated passwords, which only their owner can read. */
@Tag(Stack.LOCAL_ONLY)
class LocalStackDoorsIT {

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("PostgreSQL refuses the application role without its generated password; Redis refuses commands without its own")
    void passwordsRequired() {
        ConnectionSettings guessed = stack.connections.withPasswords("shop", null);
        Pool pool = Clients.postgres(stack.vertx, guessed, 1, "integration-tests-guess");
        Redis redis = Clients.redis(stack.vertx, guessed, 1);
        try {
            assertThatThrownBy(() -> Stack.await(pool.query("SELECT 1").execute()))
                    .hasMessageContaining("password authentication failed");
            assertThatThrownBy(() -> Stack.await(redis.send(Request.cmd(Command.GET).arg("fence"))))
                    .hasMessageContaining("NOAUTH");
        } finally {
            pool.close();
            redis.close();
        }
        assertThat(Stack.await(stack.pg.query("SELECT 1").execute()).size()).isEqualTo(1);
    }

    @Test
    @DisplayName("The generated secrets and the local API key are readable by their owner only")
    void secretsPrivate() throws Exception {
        for (Path file : new Path[] {stack.stateDir.resolve("secrets/postgres-password"), stack.stateDir.resolve("secrets/redis-password"),
                stack.stateDir.resolve("api-key")}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------");
        }
    }
}
