package dev.affectstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** features synthetic → pretrain → probe → evaluate, with small heads, through the command line. */
class ModelCommandsTest {

    private static final String[] SMALL = {"--representation-dim", "32", "--projection-dim", "16", "--clusters", "6",
        "--reconstruction-dim", "16", "--device", "cpu"};

    @TempDir
    static Path dir;

    static Path train;
    static Path test;
    static Path pretrained;
    static Path probed;

    @BeforeAll
    static void pipeline() {
        train = dir.resolve("train.avro");
        test = dir.resolve("test.avro");
        pretrained = dir.resolve("r1");
        probed = dir.resolve("r2");
        assertThat(CliRun.of("features", "synthetic", "--out", train.toString(), "--clips", "300",
                "--participants", "30").exitCode()).isZero();
        assertThat(CliRun.of("features", "synthetic", "--out", test.toString(), "--clips", "120",
                "--participants", "12").exitCode()).isZero();
        CliRun pre = CliRun.of(concat(new String[] {"pretrain", "--features", train.toString(), "--out",
            pretrained.toString(), "--epochs", "3", "--batch-size", "64", "--release-version", "1"}, SMALL));
        assertThat(pre.exitCode()).as(pre.err()).isZero();
        CliRun probe = CliRun.of("probe", "--release", pretrained.toString(), "--features", train.toString(),
                "--label-set", "synthetic-6@1", "--out", probed.toString(), "--max-epochs", "20", "--device", "cpu",
                "--release-version", "2");
        assertThat(probe.exitCode()).as(probe.err()).isZero();
    }

    @Test
    void shouldWriteAReleaseWithManifestAndHashes() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(pretrained.resolve("manifest.json").toFile());

        assertThat(manifest.get("version").asText()).isEqualTo("1");
        assertThat(manifest.get("config").get("representationDim").asInt()).isEqualTo(32);
        assertThat(manifest.get("backbones").get("video").get("name").asText()).isEqualTo("synthetic-world-video");
        assertThat(manifest.get("files").get(0).get("path").asText()).isEqualTo("heads.params");
        assertThat(manifest.get("files").get(0).get("sha256").asText()).hasSize(64);
        assertThat(manifest.get("training").get("epochs").asInt()).isEqualTo(3);
    }

    @Test
    void shouldProbeIntoAChildReleaseWithValidationMetrics() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(probed.resolve("manifest.json").toFile());

        assertThat(manifest.get("parentVersion").asText()).isEqualTo("1");
        assertThat(manifest.get("labelSet").get("id").asText()).isEqualTo("synthetic-6@1");
        assertThat(manifest.get("metrics").get("validation.f1_weighted").asDouble()).isBetween(0.0, 1.0);
        assertThat(Files.exists(probed.resolve("classifier.params"))).isTrue();
    }

    @Test
    void shouldEvaluateAndWriteJson() throws IOException {
        Path json = dir.resolve("metrics.json");

        CliRun run = CliRun.of("evaluate", "--release", probed.toString(), "--features", test.toString(), "--json",
                json.toString(), "--device", "cpu");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("weighted", "class0", "not the balanced WA");
        JsonNode metrics = new ObjectMapper().readTree(json.toFile());
        assertThat(metrics.get("samples").asInt()).isEqualTo(120);
        assertThat(metrics.get("perClass")).hasSize(6);
    }

    @Test
    void shouldRefuseATamperedRelease(@TempDir Path copyDir) throws IOException {
        Path copy = copyDir.resolve("r2");
        Files.createDirectories(copy);
        try (var files = Files.list(probed)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        byte[] bytes = Files.readAllBytes(copy.resolve("classifier.params"));
        bytes[bytes.length - 1] ^= 1;
        Files.write(copy.resolve("classifier.params"), bytes);

        CliRun run = CliRun.of("evaluate", "--release", copy.toString(), "--features", test.toString(), "--device", "cpu");

        assertThat(run.exitCode()).isEqualTo(ErrorReporter.RUNTIME_ERROR);
        assertThat(run.err()).contains("classifier.params has SHA-256").contains("refusing a changed release");
    }

    @Test
    void shouldRefuseToOverwriteARelease() {
        CliRun run = CliRun.of(concat(new String[] {"pretrain", "--features", train.toString(), "--out",
            pretrained.toString(), "--epochs", "1"}, SMALL));

        assertThat(run.exitCode()).isEqualTo(ErrorReporter.RUNTIME_ERROR);
        assertThat(run.err()).contains("releases are immutable");
    }

    @Test
    void shouldRefuseFeaturesOfOtherBackbones() {
        Path other = dir.resolve("other-world.avro");
        CliRun.of("features", "synthetic", "--out", other.toString(), "--clips", "50", "--participants", "10",
                "--world-seed", "5");

        CliRun run = CliRun.of("evaluate", "--release", probed.toString(), "--features", other.toString(),
                "--device", "cpu");

        assertThat(run.exitCode()).isEqualTo(ErrorReporter.RUNTIME_ERROR);
        assertThat(run.err()).contains("never paired with other backbones");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
