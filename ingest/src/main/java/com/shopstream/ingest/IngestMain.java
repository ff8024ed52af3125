package com.shopstream.ingest;

import com.shopstream.common.ServiceLauncher;
import com.shopstream.common.Settings;

/** Entry point of the ingest service. */
public final class IngestMain {

    private IngestMain() {
    }

    public static void main(String[] args) {
        IngestConfig config = IngestConfig.from(Settings.fromEnvironment());
        ServiceLauncher.launch("ingest", registry -> new IngestVerticle(config, registry));
    }
}
