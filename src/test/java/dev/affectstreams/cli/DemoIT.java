package dev.affectstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start's {@code demo} as a user runs it, from the packaged jar: {@code --json} prints
 * one JSON object per event on standard output (everything else goes to standard error), and a
 * demo that publishes nothing exits non-zero with the reason.
 */
class DemoIT {

    private static final String MODELS = Path.of("target", "it-models").toAbsolutePath().toString();

    @TempDir
    Path dir;

    @Test
    void shouldPrintEachEventAsOneJsonObjectPerLine() throws Exception {
        Result run = demo("--participants", "2", "--seconds", "8", "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        List<JsonNode> events = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : run.out().strip().split("\n")) {
            events.add(json.readTree(line));
        }
        assertThat(events).as("events on stdout, nothing else").hasSizeGreaterThanOrEqualTo(10);
        for (JsonNode e : events) {
            assertThat(e.get("participantId").asText()).matches("p[12]");
            int window = e.get("windowChunks").asInt();
            assertThat(e.get("faceChunks").get("int").asInt()).as("faces found in the window").isBetween(0, window);
            JsonNode dominant = e.get("dominantLabel");
            if (e.get("scores").size() > 0) {
                assertThat(dominant.get("string").asText()).as("scored: a label or neutral")
                        .isIn("neutral", "happy", "sad", "anger", "surprise", "disgust", "fear");
            } else {
                assertThat(dominant.isNull()).as("no scores, no label").isTrue();
            }
            JsonNode face = e.get("faceReading");
            assertThat(face.isNull() || face.get("dev.affectstreams.avro.FaceReading").get("topClass").isTextual())
                    .as("a face reading, where there is one, in the Avro record's JSON form").isTrue();
        }
        assertThat(run.err()).contains("Live path running", "events,");
    }

    @Test
    void shouldExitNonZeroWhenThereIsNothingToPublish() throws Exception {
        Result run = demo("--media", dir.resolve("no-such-file.mp4").toString());

        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("no-such-file.mp4", "no such readable file");
    }

    private record Result(int exit, String out, String err) {
    }

    private Result demo(String... args) throws IOException, InterruptedException {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-jar", Path.of("target", "affect-streams.jar").toString(), "demo"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--set", "model.dir=" + MODELS));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        builder.environment().put("DJL_OFFLINE", "true");
        Process p = builder.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("demo did not finish in 5 minutes");
        }
        try (var left = Files.list(tmp)) {
            assertThat(left.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("affect-streams-demo")))
                    .as("the demo removes its scratch directory").isEmpty();
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
