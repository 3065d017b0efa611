package dev.affectstreams.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.app.LivePath;
import dev.affectstreams.app.ServedLine;
import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.avro.Modality;
import dev.affectstreams.avro.QualityFlag;
import dev.affectstreams.config.ConfigLoader;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.config.Topics;
import dev.affectstreams.ingest.CapturedSecond;
import dev.affectstreams.ingest.ChunkEncoder;
import dev.affectstreams.ingest.ChunkPublisher;
import dev.affectstreams.kafka.EmbeddedKafkaBroker;
import dev.affectstreams.kafka.TopicAdmin;
import dev.affectstreams.ops.LiveMetrics;
import dev.affectstreams.ops.StateQueryServer;
import dev.affectstreams.sim.ParticipantSecond;
import dev.affectstreams.sim.SimulatedCall;
import dev.affectstreams.testing.ConsentGrants;
import dev.affectstreams.testing.Dashboard;
import dev.affectstreams.testing.ReadCommitted;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encoded media of several simulated participants through the real broker, the live topology
 * and the bootstrap release: exactly one event per participant and slot, with the right keys,
 * slots and modality flags, including a participant whose audio stops; a participant without
 * consent produces no events; consenting slots are tapped for retraining and states emitted.
 */
class LivePathIT {

    @TempDir
    Path dir;

    @Test
    void shouldEmitOneEventPerParticipantAndSlotAndFlagStoppedAudio() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
            EffectiveConfig config = ConfigLoader.load(null, Map.of(), Map.of(
                    "bootstrap.servers", broker.bootstrapServers(), "streams.state.dir", dir.resolve("state").toString(),
                    "model.dir", Path.of("target", "it-models").toAbsolutePath().toString(), "application.id", "live-it", "device", "cpu",
                    "registry.dir", dir.resolve("registry").toString(),
                    "topics.partitions", "2", "tap.fraction", "1.0"));
            Topics topics = Topics.from(config);
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            try (Admin admin = Admin.create(client)) {
                new TopicAdmin(admin).ensure(topics.all(), 2, (short) 1);
            }
            var release = ServedLine.initial(config, client, ServedLine.configured(config, line -> { }),
                    line -> { });
            try (StateQueryServer api = new StateQueryServer("localhost", 0);
                 LivePath app = new LivePath(config.with(Settings.HTTP_PORT, api.port()), client,
                         release, InferenceSettings.defaults())) {
                app.start();
                LiveMetrics metrics = new LiveMetrics(app.metricsSources());
                api.start(app.queries(), () -> app.state().name(), metrics::scrape);
                ConsentGrants.allow(client, topics, "it-call/p1", "it-call/p2");
                publish(client, topics);
                poison(client, topics);
                List<ExpressionEvent> events = consume(client, topics, 10);

                Map<String, List<Long>> slots = events.stream().collect(Collectors.groupingBy(
                        e -> e.getCallId() + "/" + e.getParticipantId(),
                        Collectors.mapping(ExpressionEvent::getSeq, Collectors.toList())));
                assertThat(slots).containsOnlyKeys("it-call/p1", "it-call/p2");
                assertThat(slots.get("it-call/p1")).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L);
                assertThat(slots.get("it-call/p2")).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L);
                for (ExpressionEvent e : events) {
                    boolean audioStopped = e.getParticipantId().equals("p2") && e.getSeq() >= 2;
                    assertThat(e.getQualityFlags().contains(QualityFlag.AUDIO_MISSING)).as("slot %d of %s",
                            e.getSeq(), e.getParticipantId()).isEqualTo(audioStopped);
                    assertThat(e.getModelVersion()).isEqualTo("1");
                    assertThat(e.getModalities()).isNotEmpty();
                    if (e.getScores().isEmpty()) {
                        // no face seen yet in the window: the event says so and invents no video
                        assertThat(e.getQualityFlags()).contains(QualityFlag.NO_FACE);
                        assertThat(e.getModalities()).doesNotContain(Modality.VIDEO);
                    } else {
                        assertThat(e.getScores()).containsOnlyKeys("happy", "sad", "anger", "surprise", "disgust",
                                "fear");
                    }
                }
                assertThat(events).filteredOn(e -> !e.getScores().isEmpty()).as("events with scores")
                        .hasSizeGreaterThanOrEqualTo(5);
                // counters are not part of the transaction: a batch re-run after an aborted one counts again
                assertThat(app.counters().noConsent.get()).as("slots of p3, who gave no consent").isBetween(5L, 10L);
                assertThat(app.counters().tapped.get()).as("every consenting slot tapped at fraction 1").isBetween(10L, 20L);
                assertThat(app.counters().stateChanges.get()).as("states of participants with scores").isPositive();

                assertThat(get(api, "/health").body()).contains("RUNNING");
                String scrape = get(api, "/metrics").body();
                // kept for whoever writes queries against it (the dashboard's are checked below)
                Files.createDirectories(Path.of("target"));
                Files.writeString(Path.of("target", "live-metrics.prom"), scrape);
                Dashboard.assertScrapeHasEveryMetric(scrape, m -> !Dashboard.retraining(m));
                assertThat(scrape).contains("kafka_stream_thread_process_total");
                Matcher produced = Pattern.compile("(?m)^affect_events_total ([0-9.]+)$")
                        .matcher(scrape);
                assertThat(produced.find()).as("affect_events_total in %s", scrape).isTrue();
                assertThat(Double.parseDouble(produced.group(1))).as("events made, re-runs included").isBetween(10.0, 20.0);
                // the histograms: every event's latency, every micro-batch's size, with buckets
                assertThat(scrape).contains("affect_event_latency_seconds_bucket{le=\"1.0\"}",
                        "affect_event_latency_seconds_bucket{le=\"+Inf\"}", "affect_inference_batch_size_bucket{le=\"8.0\"}",
                        "affect_sync_gave_up_total{modality=\"audio\"}", "affect_sync_late_total");
                Matcher timed = Pattern.compile("(?m)^affect_event_latency_seconds_count ([0-9.]+)$").matcher(scrape);
                assertThat(timed.find()).as("affect_event_latency_seconds_count in %s", scrape).isTrue();
                assertThat(Double.parseDouble(timed.group(1))).as("one latency per event made").isBetween(10.0, 20.0);
                // each stage of the micro-batches timed, the batches' waits, the served release, dead letters by stage
                for (String stage : List.of("decode", "face_detection", "backbones", "heads")) {
                    Matcher stageCount = Pattern.compile("(?m)^affect_stage_seconds_count\\{stage=\"" + stage
                            + "\"\\} ([0-9.]+)$").matcher(scrape);
                    assertThat(stageCount.find()).as("stage %s in %s", stage, scrape).isTrue();
                    assertThat(Double.parseDouble(stageCount.group(1))).as("batches timed at %s", stage).isPositive();
                }
                assertThat(scrape).contains("affect_inference_batch_wait_seconds_bucket{le=\"0.2\"}",
                        "affect_release_served{line=\"" + release.manifest().modelName() + "\",version=\"1\"} 1.0");
                assertThat(scrape).containsPattern("(?m)^affect_dead_letters_total\\{reason=\"bad_header\","
                        + "stage=\"deserialize\"\\} 1.0$");
                Matcher synced = Pattern.compile("(?m)^affect_sync_slots_total ([0-9.]+)$").matcher(scrape);
                assertThat(synced.find()).isTrue();
                assertThat(Double.parseDouble(synced.group(1))).as("slots sent on to inference").isGreaterThanOrEqualTo(10.0);
                String scored = events.stream().filter(e -> !e.getScores().isEmpty()).findFirst().orElseThrow()
                        .getParticipantId();
                HttpResponse<String> call = get(api, "/calls/it-call");
                assertThat(call.statusCode()).isEqualTo(200);
                assertThat(call.body()).contains("\"" + scored + "\"", "scores").doesNotContain("\"p3\"");
                HttpResponse<String> state = get(api, "/state/it-call/" + scored);
                assertThat(state.statusCode()).isEqualTo(200);
                assertThat(state.body()).contains("\"participant\":\"it-call/" + scored + "\"", "happy", "\"face\":",
                        "\"label\":\"");
                assertThat(get(api, "/state/it-call/p3").statusCode()).as("no consent, no state").isEqualTo(404);
            }
        }
    }

    private static void publish(Map<String, Object> client, Topics topics) {
        SimulatedCall call = new SimulatedCall("it-call", 3, 5, 160, 120, 10);
        try (ChunkPublisher publisher = new ChunkPublisher(client, topics, new ChunkEncoder(0.8f), 1_000_000,
                Clock.systemUTC())) {
            for (int s = 0; s < 5; s++) {
                for (ParticipantSecond p : call.next()) {
                    boolean mute = p.participantId().equals("p2") && s >= 2;
                    publisher.publish(new CapturedSecond("it-call", p.participantId(), p.seq(), p.frames(),
                            p.frameOffsetsMicros(), mute ? null : p.audio(), 10));
                }
            }
        }
    }

    /** One record on the video topic that is not a video chunk. */
    private static void poison(Map<String, Object> client, Topics topics) {
        try (var producer = new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.video().name(), "it-call/p1".getBytes(StandardCharsets.UTF_8),
                    new byte[] {1, 2, 3, 4}));
        }
    }

    private static HttpResponse<String> get(StateQueryServer api, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<ExpressionEvent> consume(Map<String, Object> client, Topics topics, int expected) {
        List<ExpressionEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, ExpressionEvent> consumer = ReadCommitted.events(client, topics)) {
            ReadCommitted.collect(consumer, events, expected, Duration.ofSeconds(120));
            // anything beyond the expected events would be a duplicate
            ReadCommitted.expectNoMore(consumer, events, expected, Duration.ofSeconds(4));
        }
        assertThat(events).hasSize(expected);
        return events;
    }
}
