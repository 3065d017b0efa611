package dev.affectstreams.kafka;

import dev.affectstreams.config.ConfigException;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The embedded broker's listener security as the {@code embedded.*} settings describe it; secrets are read from files. */
public final class EmbeddedSecurity {

    private EmbeddedSecurity() {
    }

    /** The SASL_SSL listener's keystore and users, or null for a PLAINTEXT listener. */
    public static EmbeddedKafkaBroker.Security from(EffectiveConfig config) {
        if (!"sasl_ssl".equals(config.get(Settings.EMBEDDED_SECURITY))) {
            return null;
        }
        Path keystore = required(config, Settings.EMBEDDED_KEYSTORE.name(), config.get(Settings.EMBEDDED_KEYSTORE));
        Path passwordFile = required(config, Settings.EMBEDDED_KEYSTORE_PASSWORD_FILE.name(),
                config.get(Settings.EMBEDDED_KEYSTORE_PASSWORD_FILE));
        Path usersFile = required(config, Settings.EMBEDDED_SCRAM_USERS_FILE.name(),
                config.get(Settings.EMBEDDED_SCRAM_USERS_FILE));
        try {
            Properties users = new Properties();
            try (Reader in = Files.newBufferedReader(usersFile, StandardCharsets.UTF_8)) {
                users.load(in);
            }
            Map<String, String> byName = new LinkedHashMap<>();
            users.stringPropertyNames().forEach(n -> byName.put(n, users.getProperty(n)));
            if (!byName.containsKey(EmbeddedKafkaBroker.BROKER_USER)) {
                throw new ConfigException(Settings.EMBEDDED_SCRAM_USERS_FILE.name() + ": " + usersFile
                        + " names no user '" + EmbeddedKafkaBroker.BROKER_USER + "', which the broker logs in as");
            }
            return new EmbeddedKafkaBroker.Security(keystore, Files.readString(passwordFile).strip(), byName);
        } catch (IOException e) {
            throw new ConfigException("embedded.security=sasl_ssl: " + e.getMessage());
        }
    }

    private static Path required(EffectiveConfig config, String key, String value) {
        if (value.isBlank()) {
            throw new ConfigException(key + " must be set when embedded.security=sasl_ssl");
        }
        Path path = Path.of(value);
        if (!Files.isReadable(path)) {
            throw new ConfigException(key + ": " + path + " cannot be read");
        }
        return path;
    }

    /**
     * Client properties with which the broker's own tools reach it: its SCRAM user over TLS,
     * trusting the certificate in its keystore.
     */
    public static Map<String, Object> adminProperties(EmbeddedKafkaBroker.Security security) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", EmbeddedKafkaBroker.SCRAM);
        p.put("sasl.jaas.config", EmbeddedKafkaBroker.jaas(EmbeddedKafkaBroker.BROKER_USER,
                security.users().get(EmbeddedKafkaBroker.BROKER_USER)));
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", security.keystore().toAbsolutePath().toString());
        p.put("ssl.truststore.password", security.keystorePassword());
        return p;
    }
}
