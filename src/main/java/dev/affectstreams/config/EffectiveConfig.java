package dev.affectstreams.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The configuration after layering: a parsed value per declared setting plus Kafka client
 * properties that pass through, each with its source. Immutable.
 */
public final class EffectiveConfig {

    private final Map<String, ConfigValue> declared;
    private final Map<String, Object> parsed;
    private final Map<String, ConfigValue> kafka;

    EffectiveConfig(Map<String, ConfigValue> declared, Map<String, ConfigValue> kafka) {
        this.declared = Collections.unmodifiableMap(new LinkedHashMap<>(declared));
        this.kafka = Collections.unmodifiableMap(new TreeMap<>(kafka));
        Map<String, Object> values = new HashMap<>();
        for (Setting<?> setting : Settings.ALL) {
            ConfigValue value = declared.get(setting.name());
            values.put(setting.name(), value == null ? setting.defaultValue() : setting.parse(value.text()));
        }
        this.parsed = Collections.unmodifiableMap(values);
    }

    /** Only defaults: what a run with no file, no environment and no flags sees. */
    public static EffectiveConfig defaults() {
        return new EffectiveConfig(Map.of(), Map.of());
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) parsed.get(setting.name());
    }

    public ConfigValue valueOf(Setting<?> setting) {
        ConfigValue value = declared.get(setting.name());
        return value != null ? value : new ConfigValue(printDefault(setting), ConfigSource.DEFAULT, "");
    }

    /** Kafka client properties given with the {@code kafka.} prefix, prefix removed. */
    public Map<String, Object> kafkaProperties() {
        Map<String, Object> props = new TreeMap<>();
        kafka.forEach((key, value) -> props.put(key, value.text()));
        return props;
    }

    /** A copy with one declared setting replaced, as if given by a flag. */
    public <T> EffectiveConfig with(Setting<T> setting, T value) {
        Map<String, ConfigValue> copy = new LinkedHashMap<>(declared);
        copy.put(setting.name(), new ConfigValue(setting.type().print(value), ConfigSource.FLAG, "override"));
        return new EffectiveConfig(copy, kafka);
    }

    /** Every declared setting, then every pass-through Kafka property, with value and source. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Setting<?> setting : Settings.ALL) {
            rows.add(new Row(setting.name(), valueOf(setting)));
        }
        kafka.forEach((key, value) -> rows.add(new Row(Settings.KAFKA_PREFIX + key, value)));
        return rows;
    }

    private static <T> String printDefault(Setting<T> setting) {
        return setting.type().print(setting.defaultValue());
    }

    /** One line of {@code affect-streams config}. */
    public record Row(String key, ConfigValue value) {
    }
}
