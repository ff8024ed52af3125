package com.shopstream.query;

import com.shopstream.common.ServiceLauncher;
import com.shopstream.common.Settings;

/** Entry point of the analytics API. */
public final class QueryApiMain {

    private QueryApiMain() {
    }

    public static void main(String[] args) {
        QueryApiConfig config = QueryApiConfig.from(Settings.fromEnvironment());
        ServiceLauncher.launch("query-api", registry -> new QueryApiVerticle(config, registry));
    }
}
