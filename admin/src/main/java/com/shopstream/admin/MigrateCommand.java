package com.shopstream.admin;

import com.shopstream.common.ConnectionSettings;
import com.shopstream.common.Settings;
import java.util.concurrent.Callable;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import picocli.CommandLine.Command;

/**
 * Applies the versioned migrations of {@code infra/migrations} (packaged into this jar) to the
 * database the {@code SHOP_PG_*} settings name. Safe to run again.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, description = "Apply the database migrations not applied yet.")
final class MigrateCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        ConnectionSettings db = ConnectionSettings.from(Settings.fromEnvironment());
        MigrateResult result = Flyway.configure()
                .dataSource("jdbc:postgresql://" + db.pgHost() + ":" + db.pgPort() + "/" + db.pgDatabase(), db.pgUser(), db.pgPassword())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        String version = result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion;
        System.out.printf("schema at version %s (%d migrations applied now)%n", version, result.migrationsExecuted);
        return 0;
    }
}
