package dev.affectstreams.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Topics;
import dev.affectstreams.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CLI against a broker that only speaks SASL_SSL with SCRAM logins (a CA and a
 * keystore made at test time): `topics create`, `ingest` and `retrain` take their credentials
 * from the environment, `process` from a file through Kafka's file config provider; events flow,
 * no process prints a password, and a wrong password fails at once with a clear message.
 */
class SecureBrokerIT {

    private static final Path JAR = Path.of("target", "affect-streams.jar");

    @TempDir
    Path dir;

    @Test
    void shouldRunIngestProcessAndRetrainOverSaslSslAndRefuseAWrongPassword() throws Exception {
        assertThat(JAR).as("run `mvn verify`: the packaged jar is needed").exists();
        TestPki pki = TestPki.create(dir.resolve("pki"));
        String password = "alice-" + UUID.randomUUID();
        var security = new EmbeddedKafkaBroker.Security(pki.keystore(), pki.password(),
                Map.of(EmbeddedKafkaBroker.BROKER_USER, "broker-" + UUID.randomUUID(), "alice", password));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0, security)) {
            Map<String, String> env = new HashMap<>(Map.of(
                    "AFFECT_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "AFFECT_KAFKA_SASL_MECHANISM", "SCRAM-SHA-256",
                    "AFFECT_KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12",
                    "AFFECT_KAFKA_SSL_TRUSTSTORE_LOCATION", pki.truststore().toString()));
            Map<String, String> secrets = new HashMap<>(env);
            secrets.put("AFFECT_KAFKA_SASL_JAAS_CONFIG", EmbeddedKafkaBroker.jaas("alice", password));
            secrets.put("AFFECT_KAFKA_SSL_TRUSTSTORE_PASSWORD", pki.password());
            Path credentials = dir.resolve("credentials.properties");
            Files.writeString(credentials, "jaas=" + EmbeddedKafkaBroker.jaas("alice", password).replace("\\", "\\\\")
                    + "\ntruststore.password=" + pki.password() + "\n");
            List<String> common = List.of("--bootstrap-servers", broker.bootstrapServers(),
                    "--set", "model.dir=" + Path.of("target", "it-models").toAbsolutePath(),
                    "--set", "registry.dir=" + dir.resolve("registry"), "--set", "topics.partitions=2",
                    "--set", "application.id=secure-it", "--set", "device=cpu");
            List<String> fromFile = List.of("--set", "kafka.config.providers=file",
                    "--set", "kafka.config.providers.file.class="
                            + "org.apache.kafka.common.config.provider.FileConfigProvider",
                    "--set", "kafka.sasl.jaas.config=${file:" + credentials + ":jaas}",
                    "--set", "kafka.ssl.truststore.password=${file:" + credentials + ":truststore.password}");
            List<String> secretsSeen = List.of(password, pki.password(), security.users().get("broker"));

            Run topics = run(secrets, common, List.of("topics", "create"));
            assertThat(topics.exit).as(topics.output).isZero();

            Path processLog = dir.resolve("process.log");
            List<String> processArgs = new ArrayList<>(common);
            processArgs.addAll(fromFile);
            processArgs.addAll(List.of("--set", "consent.required=false", "--set", "http.port=-1",
                    "--set", "streams.state.dir=" + dir.resolve("state"), "--set", "tap.fraction=1.0"));
            Process process = start(env, processArgs, List.of("process"), processLog);
            Path retrainLog = dir.resolve("retrain.log");
            Process retrain = null;
            try {
                Run ingest = run(secrets, common, List.of("ingest", "sim:participants=2,seconds=4"));
                assertThat(ingest.exit).as(ingest.output).isZero();
                List<ExpressionEvent> events = new ArrayList<>();
                Map<String, Object> client = new HashMap<>(Map.of("bootstrap.servers", broker.bootstrapServers()));
                client.putAll(EmbeddedSecurity.adminProperties(security));
                client.put("ssl.truststore.location", pki.truststore().toString());
                try (KafkaConsumer<String, ExpressionEvent> consumer = dev.affectstreams.testing.ReadCommitted.events(client,
                        Topics.from(EffectiveConfig.defaults()))) {
                    await().atMost(Duration.ofSeconds(180)).until(() -> {
                        assertThat(process.isAlive()).as("process is running: %s", log(processLog)).isTrue();
                        consumer.poll(Duration.ofMillis(200)).forEach(r -> events.add(r.value()));
                        return events.size() >= 8;
                    });
                }
                assertThat(events).extracting(e -> e.getParticipantId() + "#" + e.getSeq()).doesNotHaveDuplicates();

                List<String> retrainArgs = new ArrayList<>(common);
                retrainArgs.addAll(List.of("--set", "retrain.dir=" + dir.resolve("retrain")));
                retrain = start(secrets, retrainArgs, List.of("retrain"), retrainLog);
                Process worker = retrain;
                await().atMost(Duration.ofSeconds(120)).until(() -> {
                    assertThat(worker.isAlive()).as("retrain is running: %s", log(retrainLog)).isTrue();
                    return log(retrainLog).contains("samples buffered");
                });
            } finally {
                process.destroy();
                process.waitFor(30, TimeUnit.SECONDS);
                if (retrain != null) {
                    retrain.destroy();
                    retrain.waitFor(30, TimeUnit.SECONDS);
                }
            }

            Map<String, String> wrong = new HashMap<>(secrets);
            wrong.put("AFFECT_KAFKA_SASL_JAAS_CONFIG", EmbeddedKafkaBroker.jaas("alice", "not-" + password));
            long started = System.nanoTime();
            Run refused = run(wrong, common, List.of("models", "list"));
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            assertThat(refused.exit).as(refused.output).isNotZero();
            assertThat(refused.output).contains("Authentication failed", "refused this login");
            assertThat(seconds).as("fails fast").isLessThan(60);

            for (String output : List.of(topics.output, log(processLog), log(retrainLog), refused.output)) {
                assertThat(output).doesNotContain(secretsSeen.toArray(String[]::new));
            }
        }
    }

    private record Run(int exit, String output) {
    }

    private Run run(Map<String, String> env, List<String> common, List<String> command) throws Exception {
        Path out = Files.createTempFile(dir, "cli", ".log");
        Process p = start(env, common, command, out);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s finishes", command).isTrue();
        return new Run(p.exitValue(), log(out));
    }

    private static Process start(Map<String, String> env, List<String> common, List<String> command, Path log)
            throws IOException {
        List<String> args = new ArrayList<>(command);
        args.addAll(common);
        return dev.affectstreams.testing.PackagedCli.start(args, Map.of(), env, log);
    }

    private static String log(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
