package com.shopstream.aggregator;

import com.shopstream.common.ServiceLauncher;
import com.shopstream.common.Settings;

/** Entry point of the aggregator service. */
public final class AggregatorMain {

    private AggregatorMain() {
    }

    public static void main(String[] args) {
        AggregatorConfig config = AggregatorConfig.from(Settings.fromEnvironment());
        ServiceLauncher.launch("aggregator", registry -> new AggregatorVerticle(config, registry));
    }
}
