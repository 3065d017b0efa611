package dev.affectstreams.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affectstreams.avro.TrainingSample;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Topics;
import dev.affectstreams.kafka.EmbeddedKafkaBroker;
import dev.affectstreams.kafka.ProducerSettings;
import dev.affectstreams.kafka.TopicAdmin;
import dev.affectstreams.registry.Release;
import dev.affectstreams.registry.ReleaseFixtures;
import dev.affectstreams.testing.Dashboard;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged worker is SIGKILLed in the middle of a long round: its buffer still holds every
 * sample it had consumed, and the restarted worker runs the interrupted round on them.
 */
class RetrainWorkerRestartIT {

    private static final Path JAR = Path.of("target", "affect-streams.jar");
    private static final int SAMPLES = 240;

    @TempDir
    Path dir;

    @Test
    void shouldResumeWithEveryBufferedSampleAfterAKillMidRound() throws Exception {
        Release release = ReleaseFixtures.release(dir, "restart-line");
        List<TrainingSample> samples = ReleaseFixtures.samples(dir, SAMPLES, 12, 5);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            Topics topics = Topics.from(EffectiveConfig.defaults());
            try (Admin admin = Admin.create(client)) {
                new TopicAdmin(admin).ensure(topics.all(), 2, (short) 1);
            }
            // the application's producer settings: the topic was created a moment ago (KAFKA-15591)
            try (KafkaProducer<String, TrainingSample> producer = new KafkaProducer<>(
                    ProducerSettings.reliable(client),
                    topics.sslSamples().keySerde().serializer(), topics.sslSamples().valueSerde().serializer())) {
                for (TrainingSample s : samples) {
                    producer.send(new ProducerRecord<>(topics.sslSamples().name(),
                            s.getCallId() + "/" + s.getParticipantId(), s));
                }
            }
            Map<String, String> settings = new HashMap<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                    "model.release", release.dir().toString(), "registry.dir", dir.resolve("registry").toString(),
                    "retrain.dir", dir.resolve("retrain").toString(), "retrain.min.new.samples", String.valueOf(SAMPLES),
                    "retrain.min.labelled", "10", "retrain.batch.size", "16"));
            Path firstLog = dir.resolve("first.log");
            settings.put("retrain.epochs", "10000");
            settings.put("retrain.http.port", "-1");
            Process first = start(settings, firstLog);
            try {
                await().atMost(Duration.ofSeconds(180)).until(() -> Files.exists(firstLog)
                        && Files.readString(firstLog).contains("samples buffered (") && Files.readString(firstLog)
                        .contains("Round restart-line-"));
                // killed a second into its round: the worker must still be up then, mid-round
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(first::isAlive);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("the worker did not start a round; its output:\n"
                        + (Files.exists(firstLog) ? Files.readString(firstLog) : "(none)"), e);
            } finally {
                first.destroyForcibly().waitFor();
            }
            assertThat(Files.readString(firstLog)).as("killed mid-round, before any report")
                    .containsPattern("Round restart-line-\\d+-1 starts").doesNotContainPattern("Round restart-line-\\d+-1: ");

            Path bufferDir = dir.resolve("retrain").resolve("restart-line").resolve("buffer");
            try (ReplayBuffer buffer = ReplayBuffer.open(bufferDir, 20_000)) {
                assertThat(buffer.size()).isEqualTo(SAMPLES);
                assertThat(buffer.labelled()).isEqualTo(SAMPLES);
                assertThat(buffer.newSinceRound()).as("the interrupted round still counts them as new")
                        .isEqualTo(SAMPLES);
            }

            settings.put("retrain.epochs", "1");
            int port = freePort();
            settings.put("retrain.http.port", String.valueOf(port));
            Process second = start(settings, dir.resolve("second.log"));
            try (KafkaConsumer<String, String> reports = reports(client, topics)) {
                List<Map<?, ?>> seen = new ArrayList<>();
                await().atMost(Duration.ofSeconds(120)).until(() -> {
                    reports.poll(Duration.ofMillis(200)).forEach(r -> seen.add(json(r.value())));
                    return !seen.isEmpty();
                });
                Map<?, ?> report = seen.get(0);
                assertThat(report.get("outcome")).isIn("PROMOTED", "REJECTED");
                assertThat(((Map<?, ?>) report.get("samples")).get("unlabelled")).isEqualTo(SAMPLES);
                assertThat(report.get("candidateVersion")).isEqualTo("2");
                // the worker's own endpoint: healthy while it runs, the round and the samples in its metrics
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/health")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("RUNNING");
                String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                String outcome = report.get("outcome").toString().toLowerCase(Locale.ROOT);
                assertThat(metrics).contains("affect_retrain_rounds_total{outcome=\"" + outcome + "\"} 1.0",
                        "affect_retrain_round_seconds_count 1", "affect_retrain_buffer_samples " + SAMPLES + ".0",
                        "affect_retrain_samples_in_total{kind=\"duplicate\"}",
                        "affect_retrain_last_round_metric{name=");
                Dashboard.assertScrapeHasEveryMetric(metrics, Dashboard::retraining);
            } finally {
                second.destroy();
                second.waitFor();
            }
            try (ReplayBuffer buffer = ReplayBuffer.open(bufferDir, 20_000)) {
                assertThat(buffer.size()).as("re-read samples were dropped as repeats").isEqualTo(SAMPLES);
                assertThat(buffer.newSinceRound()).isZero();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Map<?, ?> json(String s) {
        try {
            return new ObjectMapper().readValue(s, Map.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Process start(Map<String, String> settings, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + Path.of("src", "test", "resources", "logback-worker-it.xml").toAbsolutePath(),
                "-jar", JAR.toString(), "retrain", "--set", "device=cpu", "--set", "retrain.threads=1"));
        settings.forEach((k, v) -> {
            cmd.add("--set");
            cmd.add(k + "=" + v);
        });
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        return builder.start();
    }

    private static KafkaConsumer<String, String> reports(Map<String, Object> client, Topics topics) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reports-it");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of(topics.retrainReports().name()));
        return consumer;
    }
}
