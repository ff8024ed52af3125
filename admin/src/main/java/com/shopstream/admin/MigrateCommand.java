package com.shopstream.schema;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned migrations of {@code infra/migrations} (packaged into this jar) to the
 * database named by the {@code SHOP_PG_*} variables. Run by {@code infra/up}; safe to run again.
 */
public final class MigrateMain {

    private static final Logger LOG = LoggerFactory.getLogger(MigrateMain.class);

    record Target(String host, int port, String database, String user, String password) {
        static Target fromEnvironment() {
            return new Target(
                    env("SHOP_PG_HOST", "127.0.0.1"),
                    Integer.parseInt(env("SHOP_PG_PORT", "25432")),
                    env("SHOP_PG_DATABASE", "shop"),
                    env("SHOP_PG_USER", "shop"),
                    env("SHOP_PG_PASSWORD", null));
        }

        String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        private static String env(String name, String defaultValue) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? defaultValue : value;
        }
    }

    private MigrateMain() {
    }

    public static void main(String[] args) {
        Target target = Target.fromEnvironment();
        MigrateResult result = Flyway.configure()
                .dataSource(target.jdbcUrl(), target.user(), target.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        String version = result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion;
        LOG.info("schema at version {} ({} migrations applied now)", version, result.migrationsExecuted);
    }
}
