package com.shopstream.loadgen.cli;

import com.shopstream.common.Settings;
import java.time.Duration;
import picocli.CommandLine;

/** Parses 30s, 5m, 2h or ISO-8601 durations, as the services' settings do. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return Settings.parseDuration(value);
    }
}
