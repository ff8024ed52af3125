package com.shopstream.loadgen.cli;

import com.shopstream.common.ConnectionSettings;
import com.shopstream.common.Settings;
import java.nio.file.Path;

/** The running stack as the infra scripts describe it in the environment: its stores, its URLs and the local key. */
public record StackAccess(Settings settings, ConnectionSettings connections, Path stateDir) {

    public static StackAccess fromEnvironment() {
        Settings settings = Settings.fromEnvironment();
        Path stateDir = Path.of(settings.string("SHOP_STATE_DIR", ".stack"));
        return new StackAccess(settings, ConnectionSettings.from(settings, stateDir), stateDir);
    }

    public String queryApiUrl() {
        return settings.serviceUrl("SHOP_QUERY_API");
    }

    public String ingestUrl() {
        return settings.serviceUrl("SHOP_INGEST");
    }

    public ApiClient api() {
        return new ApiClient(queryApiUrl(), ApiClient.localKey(settings));
    }
}
