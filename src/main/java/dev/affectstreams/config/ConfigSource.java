package dev.affectstreams.config;

import java.util.Locale;

/** Where a configuration value came from, lowest precedence first. */
public enum ConfigSource {
    DEFAULT,
    FILE,
    ENVIRONMENT,
    FLAG;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
