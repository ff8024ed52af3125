package com.shopstream.aggregator;

import com.shopstream.common.ServiceLauncher;
import com.shopstream.common.Settings;

/** Entry point of the aggregator service. */
public final class AggregatorMain {

    private AggregatorMain() {
    }

    public static void main(String[] args) {
        ServiceLauncher.launch("aggregator", new AggregatorVerticle(AggregatorConfig.from(Settings.fromEnvironment())));
    }
}
