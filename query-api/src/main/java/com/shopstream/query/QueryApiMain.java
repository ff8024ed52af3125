package com.shopstream.query;

import com.shopstream.common.ServiceLauncher;
import com.shopstream.common.Settings;

/** Entry point of the analytics API. */
public final class QueryApiMain {

    private QueryApiMain() {
    }

    public static void main(String[] args) {
        ServiceLauncher.launch("query-api", new QueryApiVerticle(QueryApiConfig.from(Settings.fromEnvironment())));
    }
}
