package dev.affectstreams.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/python/chunks_and_events.py} (Debian's python3-confluent-kafka and python3-avro)
 * against the embedded broker and the live path: its consent record and video chunks are read
 * (nothing dead-lettered) and it prints one event per second it sent. Skipped where python3 or
 * those packages are missing.
 */
class PythonExampleIT {

    private static final Path SCRIPT = Path.of("examples", "python", "chunks_and_events.py");

    @TempDir
    Path dir;

    @Test
    void shouldProduceChunksAndReadTheirEventsFromPython() throws Exception {
        ExampleHarness.check(dir, "py", List.of(python(), SCRIPT.toString()));
    }

    /** The first python3 (on the PATH, then Debian's own) that has the example's packages. */
    private static String python() throws InterruptedException {
        List<String> tried = new ArrayList<>();
        for (String python : List.of("python3", "/usr/bin/python3")) {
            try {
                Process probe = new ProcessBuilder(python, "-c", "import confluent_kafka, avro.io")
                        .redirectErrorStream(true).start();
                String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (probe.waitFor() == 0) {
                    return python;
                }
                tried.add(python + ": " + out.strip().lines().reduce((a, b) -> b).orElse(""));
            } catch (IOException e) {
                tried.add(python + ": not installed");
            }
        }
        Assumptions.abort("no python3 with confluent_kafka and avro (Debian: python3-confluent-kafka python3-avro): "
                + String.join("; ", tried));
        return null;
    }
}
