package dev.affectstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.kafka.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicsCommandIT {

    @Test
    void shouldCreateTopicsOnAnEmbeddedBrokerAndFindThemAfterARestart(@TempDir Path dataDir) {
        String[] embedded = {"--embedded", "--set", "embedded.port=0", "--set", "embedded.data.dir=" + dataDir};

        CliRun first = CliRun.of(concat(new String[] {"topics", "create"}, embedded));
        CliRun second = CliRun.of(concat(new String[] {"topics", "list"}, embedded));

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).containsPattern("av\\.audio\\s+6\\s+delete\\s+created")
                .containsPattern("models\\s+6\\s+compact\\s+created")
                .containsPattern("consent\\s+6\\s+compact\\s+created");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).containsPattern("dlq\\s+6\\s+delete\\s+existing").doesNotContain("created");
    }

    @Test
    void shouldReportMissingTopicsOnAGivenCluster(@TempDir Path dataDir) {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
            CliRun run = CliRun.of("topics", "list", "--bootstrap-servers", broker.bootstrapServers());

            assertThat(run.exitCode()).isEqualTo(TopicsCommand.ListTopics.SOME_MISSING);
            assertThat(run.out()).containsPattern("av\\.video\\s+0\\s+delete\\s+missing");
        }
    }

    @Test
    void shouldFailClearlyWhenTheEmbeddedPortIsTaken(@TempDir Path dataDir, @TempDir Path otherDir) {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
            String port = broker.bootstrapServers().substring(broker.bootstrapServers().lastIndexOf(':') + 1);

            CliRun run = CliRun.of("topics", "list", "--embedded", "--set", "embedded.port=" + port,
                    "--set", "embedded.data.dir=" + otherDir);

            assertThat(run.exitCode()).isEqualTo(ErrorReporter.RUNTIME_ERROR);
            assertThat(run.err()).contains("port " + port).contains("--bootstrap-servers");
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void shouldRefuseToActOnAThrowawayBrokerUnlessAskedTo() {
        CliRun run = CliRun.of("topics", "create");

        assertThat(run.exitCode()).isEqualTo(ErrorReporter.CONFIG_ERROR);
        assertThat(run.err()).contains("--bootstrap-servers", "--embedded");
        assertThat(CliRun.of("models", "list").err()).contains("--bootstrap-servers", "--embedded");
    }

    @Test
    void shouldGiveUpOnUnreachableBrokersInBoundedTimeNamingTheSetting() {
        long start = System.nanoTime();
        CliRun run = CliRun.of("topics", "list", "--bootstrap-servers", "localhost:1");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;

        assertThat(run.exitCode()).isEqualTo(ErrorReporter.RUNTIME_ERROR);
        assertThat(run.err()).contains("no Kafka broker answered within 15 s", "--bootstrap-servers");
        assertThat(seconds).as("seconds to give up").isLessThan(40);
    }
}
