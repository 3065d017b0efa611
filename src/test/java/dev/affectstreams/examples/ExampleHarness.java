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

/**
 * Runs an example program of another language against the embedded broker and the live path:
 * it is given the broker, the schema bundle, a call, a participant, a number of seconds and
 * JPEG frames, and must print one JSON event per second it sent; nothing it wrote may be
 * dead-lettered.
 */
final class ExampleHarness {

    static final Path BUNDLE = Path.of("target", "classes", "schema-bundle");
    static final int SECONDS = 4;

    private ExampleHarness() {
    }

    /** @param program the command that runs the example, before its arguments */
    static void check(Path dir, String name, List<String> program) throws Exception {
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
                    Map.entry("application.id", name + "-example-it"), Map.entry("device", "cpu"),
                    Map.entry("http.port", "-1")));
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            Topics topics = Topics.from(config);
            try (Admin admin = Admin.create(client)) {
                new TopicAdmin(admin).ensure(topics.all(), 2, (short) 1);
            }
            Release release = ServedLine.initial(config, client, ServedLine.configured(config, line -> { }), line -> { });
            try (LivePath live = new LivePath(config, client, release, InferenceSettings.from(config))) {
                live.start();
                List<String> command = new ArrayList<>(program);
                command.addAll(List.of(broker.bootstrapServers(), BUNDLE.toString(), name + "-call", "p1",
                        Integer.toString(SECONDS)));
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
}
