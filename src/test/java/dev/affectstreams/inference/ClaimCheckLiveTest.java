package dev.affectstreams.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.CallContext;
import dev.affectstreams.avro.ConsentRecord;
import dev.affectstreams.avro.ErrorRecord;
import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.claimcheck.ClaimCheckStore;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Topics;
import dev.affectstreams.ingest.CapturedSecond;
import dev.affectstreams.ingest.ChunkEncoder;
import dev.affectstreams.model.Modality;
import dev.affectstreams.registry.Release;
import dev.affectstreams.sim.ParticipantSecond;
import dev.affectstreams.sim.SimulatedCall;
import dev.affectstreams.sync.SyncCounters;
import dev.affectstreams.sync.SyncSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chunks passed by reference on the live topology (real backbones): the stored chunk is read
 * back and scored like an inline one; a stored chunk changed after it was referenced goes to the
 * dead-letter topic with the reason, and its participant gets no event for that slot.
 */
class ClaimCheckLiveTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Topics TOPICS = Topics.from(EffectiveConfig.defaults());

    @TempDir
    Path dir;

    @Test
    void shouldScoreAChunkPassedByReferenceAndRefuseOneChangedSince() throws Exception {
        Release release = UntrainedReleases.overBootstrapBackbones(dir.resolve("release"), "claim-line", List.of(Modality.VIDEO, Modality.AUDIO));
        ClaimCheckStore store = new ClaimCheckStore(dir.resolve("claims"));
        try (ThreadModels models = new ThreadModels(() -> LiveModel.open(release, Device.cpu()))) {
            var topology = LiveTopology.build(TOPICS, SyncSettings.defaults(), new SyncCounters(),
                    InferenceSettings.defaults().withClaimChecks(store), EventRules.defaults(true, 0.0), models,
                    ReleaseSource.fixed(release));
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "claim-check");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
            try (TopologyTestDriver driver = new TopologyTestDriver(topology, props, T0)) {
                var consent = driver.createInputTopic(TOPICS.consent().name(), Serdes.String().serializer(),
                        TOPICS.consent().valueSerde().serializer());
                var audio = driver.createInputTopic(TOPICS.audio().name(), Serdes.String().serializer(),
                        TOPICS.audio().valueSerde().serializer());
                var video = driver.createInputTopic(TOPICS.video().name(), Serdes.String().serializer(),
                        TOPICS.video().valueSerde().serializer());
                var events = driver.createOutputTopic(TOPICS.expressions().name(), Serdes.String().deserializer(),
                        TOPICS.expressions().valueSerde().deserializer());
                var dlq = driver.createOutputTopic(TOPICS.dlq().name(), TOPICS.dlq().keySerde().deserializer(),
                        TOPICS.dlq().valueSerde().deserializer());
                for (String p : List.of("p1", "p2")) {
                    consent.pipeInput("claim-call/" + p, ConsentRecord.newBuilder().setCallId("claim-call")
                            .setParticipantId(p).setInferenceAllowed(true).setRetrainingAllowed(false)
                            .setJurisdiction("US").setContext(CallContext.PERSONAL).setUpdatedAt(T0).build());
                }
                ChunkEncoder encoder = new ChunkEncoder(0.8f);
                SimulatedCall call = new SimulatedCall("claim-call", 2, 12, 160, 120, 10);
                for (ParticipantSecond p : call.next()) {
                    CapturedSecond second = new CapturedSecond("claim-call", p.participantId(), p.seq(), p.frames(),
                            p.frameOffsetsMicros(), p.audio(), 10);
                    VideoChunk whole = encoder.video(second, T0, T0.plusSeconds(1));
                    String uri = store.store(TOPICS.video().name(), second.key(), second.seq(),
                            TOPICS.video().valueSerde().serializer().serialize(TOPICS.video().name(), whole));
                    if (p.participantId().equals("p2")) {
                        Path stored = Path.of(URI.create(uri.substring(0, uri.indexOf('#'))));
                        Files.write(stored, new byte[] {1, 2, 3});
                    }
                    AudioChunk sound = encoder.audio(second, T0, T0.plusSeconds(1));
                    audio.pipeInput(second.key(), sound);
                    video.pipeInput(second.key(), VideoChunk.newBuilder(whole).setFrames(List.of()).setPayloadUri(uri)
                            .build());
                }
                driver.advanceWallClockTime(Duration.ofSeconds(1));

                List<ExpressionEvent> out = events.readValuesToList();
                assertThat(out).singleElement().satisfies(e -> {
                    assertThat(e.getParticipantId()).isEqualTo("p1");
                    assertThat(e.getModalities()).contains(dev.affectstreams.avro.Modality.VIDEO);
                    assertThat(e.getScores()).hasSize(6);
                });
                List<ErrorRecord> errors = dlq.readValuesToList();
                assertThat(errors).singleElement().satisfies(e -> {
                    assertThat(e.getReason()).contains("video chunk 0 of claim-call/p2", "SHA-256");
                    assertThat(e.getStage()).isEqualTo("preprocess");
                });
            }
        }
    }
}
