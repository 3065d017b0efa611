package dev.affectstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.avro.FaceReading;
import dev.affectstreams.avro.QualityFlag;
import dev.affectstreams.testing.SampleRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliTest {

    @Test
    void shouldPrintTheVersion() {
        CliRun run = CliRun.of("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("affect-streams ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"broker", "topics", "topics create", "topics list", "config", "features", "features extract",
        "pretrain", "probe", "evaluate", "simulate", "ingest", "process", "demo", "bench", "bench learning",
        "bench backbones"})
    void shouldOfferHelpOnEveryCommand(String command) {
        String[] args = (command + " --help").split(" ");

        CliRun run = CliRun.of(args);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: affect-streams " + command);
    }

    @Test
    void shouldPrintTheFaceReadingBesideTheScoresInTheDemo() {
        var event = SampleRecords.expressionEvent();
        var noFace = ExpressionEvent.newBuilder(event).setFaceReading(null)
                .setQualityFlags(List.of(QualityFlag.NO_FACE)).build();
        var unread = ExpressionEvent.newBuilder(event).setFaceReading(null)
                .setQualityFlags(List.of()).build();

        assertThat(DemoCommand.line(event)).contains("happy", "face: happy 0.90");
        assertThat(DemoCommand.line(noFace)).contains("face: no face");
        assertThat(DemoCommand.line(unread)).contains("face: not read");
        assertThat(EventJson.of(event)).startsWith("{").doesNotContain("\n")
                .contains("\"faceReading\":{\"dev.affectstreams.avro.FaceReading\":");
    }

    @Test
    void shouldListCommandsWithoutArguments() {
        CliRun run = CliRun.of();

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("broker", "topics", "config");
    }

    @Test
    void shouldPrintTheEffectiveConfigurationWithSources(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a.properties");
        Files.writeString(file, "topic.audio=file-audio\ntopics.partitions=3\n");

        CliRun run = CliRun.of(Map.of("AFFECT_TOPICS_PARTITIONS", "4"), "config", "--config", file.toString(),
                "--set", "kafka.client.id=me", "--bootstrap-servers", "h:1");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsPattern("topic\\.audio\\s+file-audio\\s+file \\(" + file + "\\)")
                .containsPattern("topics\\.partitions\\s+4\\s+environment \\(AFFECT_TOPICS_PARTITIONS\\)")
                .containsPattern("bootstrap\\.servers\\s+h:1\\s+flag")
                .containsPattern("kafka\\.client\\.id\\s+me\\s+flag")
                .containsPattern("topic\\.dlq\\s+dlq\\s+default");
    }

    @Test
    void shouldNeverPrintCredentials() {
        CliRun run = CliRun.of(Map.of("AFFECT_KAFKA_SASL_JAAS_CONFIG", "ScramLoginModule required password=\"hunter2\";"),
                "config", "--set", "kafka.ssl.truststore.password=changeit", "--set", "kafka.ssl.key.password=k3y",
                "--set", "kafka.client.id=me");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).doesNotContain("hunter2", "changeit", "k3y")
                .containsPattern("kafka\\.sasl\\.jaas\\.config\\s+\\*+ \\(hidden\\)\\s+environment")
                .containsPattern("kafka\\.ssl\\.truststore\\.password\\s+\\*+ \\(hidden\\)")
                .containsPattern("kafka\\.client\\.id\\s+me");
    }

    @Test
    void shouldFailClearlyOnAnUnknownSetting() {
        CliRun run = CliRun.of("config", "--set", "topics.partitons=3");

        assertThat(run.exitCode()).isEqualTo(ErrorReporter.CONFIG_ERROR);
        assertThat(run.err()).contains("unknown setting 'topics.partitons'");
    }

    @Test
    void shouldRejectAnUnknownCommandAsAUsageError() {
        CliRun run = CliRun.of("frobnicate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("frobnicate");
    }
}
