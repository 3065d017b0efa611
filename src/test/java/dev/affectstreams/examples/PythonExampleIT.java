package dev.affectstreams.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affectstreams.app.LivePath;
import dev.affectstreams.app.ServedLine;
import dev.affectstreams.avro.ErrorRecord;
import dev.affectstreams.config.ConfigLoader;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Topics;
import dev.affectstreams.inference.InferenceSettings;
import dev.affectstreams.kafka.EmbeddedKafkaBroker;
import dev.affectstreams.kafka.TopicAdmin;
import dev.affectstreams.registry.Release;
import dev.affectstreams.sim.ParticipantSecond;
import dev.affectstreams.sim.SimulatedCall;
import dev.affectstreams.testing.ReadCommitted;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Serdes;
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
    private static final Path BUNDLE = Path.of("target", "classes", "schema-bundle");
    private static final int SECONDS = 4;

    @TempDir
    Path dir;

    @Test
    void shouldProduceChunksAndReadTheirEventsFromPython() throws Exception {
        String python = python();
        List<String> frames = new ArrayList<>();
        ParticipantSecond second = new SimulatedCall("frames", 1, 5, 160, 120, 5).next().get(0);
        for (int i = 0; i < second.frames().size(); i++) {
            Path file = dir.resolve("frame-" + i + ".jpg");
            ImageIO.write(second.frames().get(i), "jpg", file.toFile());
            frames.add(file.toString());
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
            EffectiveConfig config = ConfigLoader.load(null, Map.of(), Map.ofEntries(
                    Map.entry("bootstrap.servers", broker.bootstrapServers()),
                    Map.entry("streams.state.dir", dir.resolve("state").toString()),
                    Map.entry("model.dir", Path.of("target", "it-models").toAbsolutePath().toString()),
                    Map.entry("registry.dir", dir.resolve("registry").toString()),
                    Map.entry("application.id", "python-example-it"), Map.entry("device", "cpu"),
                    Map.entry("http.port", "-1")));
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            Topics topics = Topics.from(config);
            try (Admin admin = Admin.create(client)) {
                new TopicAdmin(admin).ensure(topics.all(), 2, (short) 1);
            }
            Release release = ServedLine.initial(config, client, ServedLine.configured(config, line -> { }), line -> { });
            try (LivePath live = new LivePath(config, client, release, InferenceSettings.from(config))) {
                live.start();
                List<String> command = new ArrayList<>(List.of(python, SCRIPT.toString(),
                        broker.bootstrapServers(), BUNDLE.toString(), "py-call", "p1", Integer.toString(SECONDS)));
                command.addAll(frames);
                Process example = new ProcessBuilder(command).redirectErrorStream(true).start();
                assertThat(example.waitFor(180, TimeUnit.SECONDS)).as("the example finishes").isTrue();
                String out = new String(example.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(example.exitValue()).as(out).isZero();

                List<JsonNode> events = new ArrayList<>();
                for (String line : out.strip().split("\n")) {
                    events.add(new ObjectMapper().readTree(line));
                }
                assertThat(events).extracting(e -> e.path("seq").asInt())
                        .containsExactlyInAnyOrder(0, 1, 2, 3);
                assertThat(events).allSatisfy(e -> {
                    assertThat(e.path("flags").toString()).contains("AUDIO_MISSING");
                    assertThat(e.path("label").isTextual() || e.path("label").isNull()).isTrue();
                });
            }
            try (KafkaConsumer<String, ErrorRecord> dlq = ReadCommitted.consumer(client, topics.dlq().name(),
                    Serdes.String().deserializer(), topics.dlq().valueSerde().deserializer())) {
                List<ErrorRecord> errors = new ArrayList<>();
                ReadCommitted.expectNoMore(dlq, errors, 0, Duration.ofSeconds(3));
                assertThat(errors).as("records the example wrote that the processor refused").isEmpty();
            }
        }
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
