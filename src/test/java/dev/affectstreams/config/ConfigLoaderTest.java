package dev.affectstreams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void shouldUseDefaultsWhenNothingIsGiven() {
        EffectiveConfig config = ConfigLoader.load(null, Map.of(), Map.of());

        assertThat(config.get(Settings.TOPIC_PARTITIONS)).isEqualTo(6);
        assertThat(config.valueOf(Settings.TOPIC_PARTITIONS).source()).isEqualTo(ConfigSource.DEFAULT);
    }

    @Test
    void shouldLetEachLayerOverrideTheOneBelow() throws IOException {
        Path file = write("topics.partitions=2\ntopic.audio=file-audio\ntopic.video=file-video\n"
                + "topic.text=file-text\n");
        Map<String, String> env = Map.of("AFFECT_TOPIC_VIDEO", "env-video", "AFFECT_TOPIC_TEXT", "env-text");
        Map<String, String> flags = Map.of("topic.text", "flag-text");

        EffectiveConfig config = ConfigLoader.load(file, env, flags);

        assertThat(config.get(Settings.TOPIC_PARTITIONS)).isEqualTo(2);
        assertThat(config.get(Settings.TOPIC_AUDIO)).isEqualTo("file-audio");
        assertThat(config.get(Settings.TOPIC_VIDEO)).isEqualTo("env-video");
        assertThat(config.get(Settings.TOPIC_TEXT)).isEqualTo("flag-text");
        assertThat(config.get(Settings.TOPIC_DLQ)).isEqualTo("dlq");
        assertThat(config.valueOf(Settings.TOPIC_AUDIO)).isEqualTo(
                new ConfigValue("file-audio", ConfigSource.FILE, file.toString()));
        assertThat(config.valueOf(Settings.TOPIC_VIDEO)).isEqualTo(
                new ConfigValue("env-video", ConfigSource.ENVIRONMENT, "AFFECT_TOPIC_VIDEO"));
        assertThat(config.valueOf(Settings.TOPIC_TEXT).source()).isEqualTo(ConfigSource.FLAG);
        assertThat(config.valueOf(Settings.TOPIC_DLQ).source()).isEqualTo(ConfigSource.DEFAULT);
    }

    @Test
    void shouldPassKafkaClientPropertiesThroughFromEveryLayer() throws IOException {
        Path file = write("kafka.security.protocol=SSL\nkafka.client.id=from-file\n");
        Map<String, String> env = Map.of("AFFECT_KAFKA_CLIENT_ID", "from-env", "AFFECT_KAFKA_LINGER_MS", "5");
        Map<String, String> flags = Map.of("kafka.linger.ms", "20");

        EffectiveConfig config = ConfigLoader.load(file, env, flags);

        assertThat(config.kafkaProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "security.protocol", "SSL", "client.id", "from-env", "linger.ms", "20"));
    }

    @Test
    void shouldRefuseAnUnknownKeyNamingWhereItCameFrom() throws IOException {
        Path file = write("topic.audoi=typo\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown setting 'topic.audoi'")
                .hasMessageContaining(file.toString());
    }

    @Test
    void shouldRefuseAnInvalidValueNamingTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("AFFECT_TOPICS_PARTITIONS", "zero"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("topics.partitions")
                .hasMessageContaining("AFFECT_TOPICS_PARTITIONS");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("embedded.port", "70000")))
                .hasMessageContaining("not in [0, 65535]");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("topic.dlq", "bad name")))
                .hasMessageContaining("topic.dlq");
    }

    @Test
    void shouldIgnoreUnrelatedEnvironmentVariables() {
        EffectiveConfig config = ConfigLoader.load(null, Map.of("PATH", "/bin", "AFFECT_NOT_A_SETTING", "x"),
                Map.of());

        assertThat(config.rows()).allMatch(row -> row.value().source() == ConfigSource.DEFAULT);
    }

    @Test
    void shouldReportAMissingConfigFile() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot read config file");
    }

    @Test
    void shouldNameEnvironmentVariablesAfterTheKey() {
        assertThat(Settings.EMBEDDED_DATA_DIR.envName()).isEqualTo("AFFECT_EMBEDDED_DATA_DIR");
        assertThat(Settings.TOPIC_EXPRESSION_STATE.envName()).isEqualTo("AFFECT_TOPIC_EXPRESSION_STATE");
    }

    private Path write(String content) throws IOException {
        Path file = dir.resolve("affect.properties");
        Files.writeString(file, content);
        return file;
    }
}
