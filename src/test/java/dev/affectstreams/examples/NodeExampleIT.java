package dev.affectstreams.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/node/chunks_and_events.js} (kafkajs and avsc, installed by {@code npm ci} at
 * test time from the example's lock file, versions and integrity pinned, into
 * target/node-example) against the embedded broker and the live path: its consent record and
 * video chunks are read (nothing dead-lettered) and it prints one event per second it sent.
 * Skipped where node or npm is missing, or npm cannot install the packages.
 */
class NodeExampleIT {

    private static final Path EXAMPLE = Path.of("examples", "node");
    private static final Path INSTALLED = Path.of("target", "node-example");

    @TempDir
    Path dir;

    @Test
    void shouldProduceChunksAndReadTheirEventsFromNode() throws Exception {
        String why = install();
        Assumptions.assumeTrue(why == null, why);
        ExampleHarness.check(dir, "node", List.of("node",
                INSTALLED.resolve("chunks_and_events.js").toString()));
    }

    /** The example and its packages in target/node-example; null when done, else why not. */
    private static String install() throws InterruptedException {
        String node = version("node");
        if (node == null) {
            return "the Node example needs node (Debian: nodejs) on the PATH";
        }
        try {
            Files.createDirectories(INSTALLED);
            for (String file : List.of("package.json", "package-lock.json", "chunks_and_events.js")) {
                Files.copy(EXAMPLE.resolve(file), INSTALLED.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            if (Files.isDirectory(INSTALLED.resolve("node_modules").resolve("kafkajs"))) {
                return null;
            }
            if (version("npm") == null) {
                return "the Node example's packages are installed with npm, which is not on the PATH";
            }
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(INSTALLED.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0) {
                return "npm ci could not install the Node example's packages: " + out.strip();
            }
            return null;
        } catch (IOException e) {
            return "the Node example could not be set up: " + e.getMessage();
        }
    }

    /** The program's {@code --version}, or null where it does not run. */
    private static String version(String program) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(program, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        }
    }
}
