package dev.affectstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code affect-streams broker} from the packaged jar, in its own process: this JVM produces
 * and consumes through it, stops it as Ctrl-C would (SIGTERM), starts it again on the same
 * data directory and finds the record.
 */
class BrokerCommandIT {

    private static final Path JAR = Path.of("target", "affect-streams.jar");

    @TempDir
    Path dataDir;

    @Test
    void shouldServeAnotherProcessAndKeepDataAcrossRestarts() throws Exception {
        assertThat(JAR).as("run `mvn verify`: the packaged jar is needed").exists();
        int port = freePort();
        String bootstrap = "localhost:" + port;

        BrokerProcess first = BrokerProcess.start(port, dataDir);
        produce(bootstrap, "av.audio", "call-1/alice", "hello");
        assertThat(consumeOne(bootstrap, "av.audio")).isEqualTo("hello");
        assertThat(first.stop()).as("exit code after SIGTERM").isIn(0, 143);
        assertThat(first.output()).noneMatch(line -> line.contains(" ERROR "));

        BrokerProcess second = BrokerProcess.start(port, dataDir);
        try {
            assertThat(consumeOne(bootstrap, "av.audio")).isEqualTo("hello");
            assertThat(second.output()).anyMatch(line -> line.matches("av\\.audio\\s+6\\s+delete\\s+existing"));
        } finally {
            second.stop();
        }
    }

    private static void produce(String bootstrap, String topic, String key, String value) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static String consumeOne(String bootstrap, String topic) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return !records.isEmpty();
            });
            return records.get(0).value();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A broker started with {@code java -jar}, its output collected line by line. */
    private record BrokerProcess(Process process, Queue<String> lines) {

        static BrokerProcess start(int port, Path dataDir) throws IOException {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            ProcessBuilder builder = new ProcessBuilder(java.toString(), "-jar", JAR.toString(), "broker",
                    "--port", String.valueOf(port), "--data-dir", dataDir.toString()).redirectErrorStream(true);
            builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
            Process process = builder.start();
            Queue<String> lines = new ConcurrentLinkedQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    in.lines().forEach(lines::add);
                } catch (IOException | UncheckedIOException ignored) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            BrokerProcess broker = new BrokerProcess(process, lines);
            await().atMost(Duration.ofSeconds(90))
                    .failFast("broker exited", () -> !process.isAlive())
                    .until(() -> lines.stream().anyMatch(l -> l.startsWith("Kafka broker ready at localhost:" + port)));
            assertThat(Files.exists(dataDir.resolve("cluster.id"))).isTrue();
            return broker;
        }

        int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("broker did not stop within 60 s of SIGTERM");
            }
            return process.exitValue();
        }

        List<String> output() {
            return List.copyOf(lines);
        }
    }
}
