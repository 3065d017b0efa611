package dev.affectstreams.config;

/** Where a configuration value came from, lowest precedence first. */
public enum ConfigSource {
    DEFAULT,
    FILE,
    ENVIRONMENT,
    FLAG;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
