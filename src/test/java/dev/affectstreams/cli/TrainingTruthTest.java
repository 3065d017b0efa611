package dev.affectstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.bench.SyntheticDataset;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training commands that would train on nothing fail with the reason and leave nothing behind. */
class TrainingTruthTest {

    @TempDir
    Path dir;

    @Test
    void shouldRefuseToWriteAReleaseThatTookNoStep() throws Exception {
        Path features = dir.resolve("one.avro");
        SyntheticDataset.write(features, 7, 1, 1);
        Path release = dir.resolve("release");
        StringWriter err = new StringWriter();
        int exit = TestCli.commandLine(err).execute("pretrain", "--features", features.toString(), "--out",
                release.toString(), "--epochs", "1", "--batch-size", "32", "--device", "cpu");
        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("pretraining took no step", "1 clip(s)", "batch of 32");
        assertThat(release).doesNotExist();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no staging directory left")
                    .noneMatch(n -> n.contains("staging"));
        }
    }
}
