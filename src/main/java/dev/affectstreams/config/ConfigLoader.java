package dev.affectstreams.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Layers configuration: defaults &lt; {@code --config} file (Java properties) &lt; {@code AFFECT_*}
 * environment &lt; flags. Unknown keys in a file or a flag are errors; values are validated
 * as soon as they are read, with the source named in the message.
 */
public final class ConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    private static final String ENV_KAFKA_PREFIX = Setting.ENV_PREFIX + "KAFKA_";

    private final Map<String, ConfigValue> declared = new LinkedHashMap<>();
    private final Map<String, ConfigValue> kafka = new LinkedHashMap<>();

    private ConfigLoader() {
    }

    /**
     * @param file  a properties file, or null for none
     * @param env   the process environment (only {@code AFFECT_*} entries are read)
     * @param flags key=value pairs from the command line, later ones win
     */
    public static EffectiveConfig load(Path file, Map<String, String> env, Map<String, String> flags) {
        ConfigLoader loader = new ConfigLoader();
        if (file != null) {
            loader.readFile(file);
        }
        loader.readEnvironment(env);
        flags.forEach((key, value) -> loader.put(key, value, ConfigSource.FLAG, "--set " + key));
        return new EffectiveConfig(loader.declared, loader.kafka);
    }

    private void readFile(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        new TreeMap<>(props).forEach((key, value) ->
                put(key.toString(), value.toString(), ConfigSource.FILE, file.toString()));
    }

    private void readEnvironment(Map<String, String> env) {
        new TreeMap<>(env).forEach((name, value) -> {
            if (!name.startsWith(Setting.ENV_PREFIX)) {
                return;
            }
            Setting<?> setting = Settings.ALL.stream().filter(s -> s.envName().equals(name)).findFirst().orElse(null);
            if (setting != null) {
                put(setting.name(), value, ConfigSource.ENVIRONMENT, name);
            } else if (name.startsWith(ENV_KAFKA_PREFIX)) {
                String key = name.substring(ENV_KAFKA_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                put(Settings.KAFKA_PREFIX + key, value, ConfigSource.ENVIRONMENT, name);
            } else {
                LOG.warn("Ignoring environment variable {}: no setting has that name", name);
            }
        });
    }

    private void put(String key, String text, ConfigSource source, String origin) {
        if (key.startsWith(Settings.KAFKA_PREFIX) && key.length() > Settings.KAFKA_PREFIX.length()) {
            kafka.put(key.substring(Settings.KAFKA_PREFIX.length()), new ConfigValue(text, source, origin));
            return;
        }
        Setting<?> setting = Settings.byName(key);
        if (setting == null) {
            throw new ConfigException("unknown setting '" + key + "' (from " + origin + "); run `affect-streams config`"
                    + " for the list, or prefix Kafka client properties with '" + Settings.KAFKA_PREFIX + "'");
        }
        try {
            setting.parse(text);
        } catch (ConfigException e) {
            throw new ConfigException(e.getMessage() + " (from " + origin + ")", e);
        }
        declared.put(key, new ConfigValue(text, source, origin));
    }
}
