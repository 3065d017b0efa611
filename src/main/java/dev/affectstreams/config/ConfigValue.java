package dev.affectstreams.config;

/**
 * A raw configuration value and where it came from.
 *
 * @param text   the value as written
 * @param source the layer that set it
 * @param origin the file, variable or flag that set it ("" for defaults)
 */
public record ConfigValue(String text, ConfigSource source, String origin) {
}
