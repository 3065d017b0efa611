package dev.affectstreams.config;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One configuration key, declared once: name, type, default, validator and documentation.
 * The configuration reference (docs/configuration.md), {@code affect-streams config} and the loader all read these declarations.
 *
 * @param name         dotted key, as written in a config file or after {@code --set}
 * @param type         parser and printer of the value
 * @param defaultValue value when no source sets the key
 * @param defaultText  how the default is documented (differs from the value for machine-dependent defaults)
 * @param validRange   human description of the valid values, empty when the type says it all
 * @param validator    accepts a parsed value
 * @param doc          one sentence for users
 */
public record Setting<T>(String name, SettingType<T> type, T defaultValue, String defaultText,
                         String validRange, Predicate<T> validator, String doc) {

    public static final String ENV_PREFIX = "AFFECT_";

    public Setting {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        Objects.requireNonNull(defaultValue);
        Objects.requireNonNull(doc);
    }

    public static <T> Setting<T> of(String name, SettingType<T> type, T defaultValue, String doc) {
        return new Setting<>(name, type, defaultValue, type.print(defaultValue), "", v -> true, doc);
    }

    /**
     * A number setting with its valid range as documentation shows it.
     *
     * @param range the valid range, e.g. {@code [0, 1]} or {@code > 0}
     */
    public static Setting<Double> doubleIn(String name, double defaultValue, String range, Predicate<Double> valid,
                                           String doc) {
        return new Setting<>(name, SettingType.DOUBLE, defaultValue, SettingType.DOUBLE.print(defaultValue), range,
                valid, doc);
    }

    public static Setting<Integer> intIn(String name, int defaultValue, int min, int max, String doc) {
        return new Setting<>(name, SettingType.INT, defaultValue, String.valueOf(defaultValue),
                "[" + min + ", " + max + "]", v -> v >= min && v <= max, doc);
    }

    /** The same setting with a default documented in words, e.g. "~/.affect-streams/kafka". */
    public Setting<T> documentedDefault(String text) {
        return new Setting<>(name, type, defaultValue, text, validRange, validator, doc);
    }

    /** The environment variable that sets this key: {@code AFFECT_} + upper-case name, dots and dashes as underscores. */
    public String envName() {
        return envNameOf(name);
    }

    static String envNameOf(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Parses and validates text for this key, with the key named in any error. */
    public T parse(String text) {
        T value;
        try {
            value = type.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + ": " + e.getMessage());
        }
        if (!validator.test(value)) {
            throw new ConfigException(name + ": " + type.print(value) + " is not in " + validRange);
        }
        return value;
    }
}
