package com.shopstream.loadgen.cli;

import com.shopstream.common.ConnectionSettings;
import com.shopstream.common.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running stack as the infra scripts describe it in the environment: its topology, its stores,
 * its URLs, the local key, and (from {@code infra/chaos} and {@code infra/bench}) the port of each
 * component.
 */
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

    public boolean cluster() {
        return settings.string("SHOP_TOPOLOGY", "single").equals("cluster");
    }

    /** Where reports go: {@code SHOP_RESULTS_DIR}, else bench-results beside the state folder. */
    public Path resultsDir() {
        return Path.of(settings.string("SHOP_RESULTS_DIR",
                stateDir.toAbsolutePath().getParent().resolve("bench-results").toString()));
    }

    /** Each component's port, from {@code SHOP_COMPONENT_PORTS} ({@code name=port,...}). */
    public Map<String, Integer> componentPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String entry : settings.string("SHOP_COMPONENT_PORTS", "").split(",")) {
            int split = entry.indexOf('=');
            if (split > 0) {
                ports.put(entry.substring(0, split).strip(), Integer.parseInt(entry.substring(split + 1).strip()));
            }
        }
        return ports;
    }

    public ApiClient api() {
        return new ApiClient(queryApiUrl(), ApiClient.localKey(settings));
    }
}
