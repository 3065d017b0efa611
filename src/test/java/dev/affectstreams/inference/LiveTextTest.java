package dev.affectstreams.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.affectstreams.avro.CallContext;
import dev.affectstreams.avro.ConsentRecord;
import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.avro.QualityFlag;
import dev.affectstreams.avro.TranscriptSegment;
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
 * A release with the text modality on the live topology (real backbones, encoded media):
 * captions on av.text become the participant's transcript so far and a third modality of the
 * events; a participant without captions is scored on an empty transcript and flagged TEXT_MISSING.
 */
class LiveTextTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final Topics TOPICS = Topics.from(EffectiveConfig.defaults());

    @TempDir
    Path dir;

    @Test
    void shouldCarryCaptionsIntoEventsAsTheTextModality() throws Exception {
        Release release = UntrainedReleases.overBootstrapBackbones(dir.resolve("text-release"), "text-line", List.of(Modality.VIDEO, Modality.AUDIO, Modality.TEXT));
        EventRules rules = EventRules.defaults(true, 0.0);
        try (ThreadModels models = new ThreadModels(() -> LiveModel.open(release, Device.cpu()))) {
            var topology = LiveTopology.build(TOPICS, SyncSettings.defaults(), new SyncCounters(),
                    InferenceSettings.defaults(), rules, models, ReleaseSource.fixed(release));
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "live-text");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            try (TopologyTestDriver driver = new TopologyTestDriver(topology, props, T0)) {
                var consent = driver.createInputTopic(TOPICS.consent().name(), Serdes.String().serializer(),
                        TOPICS.consent().valueSerde().serializer());
                var audio = driver.createInputTopic(TOPICS.audio().name(), Serdes.String().serializer(),
                        TOPICS.audio().valueSerde().serializer());
                var video = driver.createInputTopic(TOPICS.video().name(), Serdes.String().serializer(),
                        TOPICS.video().valueSerde().serializer());
                var text = driver.createInputTopic(TOPICS.text().name(), Serdes.String().serializer(),
                        TOPICS.text().valueSerde().serializer());
                var events = driver.createOutputTopic(TOPICS.expressions().name(), Serdes.String().deserializer(),
                        TOPICS.expressions().valueSerde().deserializer());
                SimulatedCall call = new SimulatedCall("text-call", 2, 12, 160, 120, 10);
                for (String p : List.of("p1", "p2")) {
                    consent.pipeInput("text-call/" + p, ConsentRecord.newBuilder().setCallId("text-call")
                            .setParticipantId(p).setInferenceAllowed(true).setRetrainingAllowed(false)
                            .setJurisdiction("US").setContext(CallContext.PERSONAL).setUpdatedAt(T0).build());
                }
                text.pipeInput("text-call/p1", TranscriptSegment.newBuilder().setCallId("text-call")
                        .setParticipantId("p1").setSeq(0).setStart(T0.plusMillis(200)).setEnd(T0.plusMillis(900))
                        .setText("what a lovely surprise").build());
                ChunkEncoder encoder = new ChunkEncoder(0.8f);
                for (int s = 0; s < 2; s++) {
                    for (ParticipantSecond p : call.next()) {
                        CapturedSecond second = new CapturedSecond("text-call", p.participantId(), p.seq(), p.frames(),
                                p.frameOffsetsMicros(), p.audio(), 10);
                        audio.pipeInput(second.key(), encoder.audio(second, T0, T0.plusSeconds(s + 1)));
                        video.pipeInput(second.key(), encoder.video(second, T0, T0.plusSeconds(s + 1)));
                    }
                }
                driver.advanceWallClockTime(Duration.ofSeconds(1));

                List<ExpressionEvent> out = events.readValuesToList();
                assertThat(out).hasSize(4);
                for (ExpressionEvent e : out) {
                    assertThat(e.getScores()).as("slot %d of %s", e.getSeq(), e.getParticipantId()).hasSize(6);
                    if (e.getParticipantId().equals("p1")) {
                        assertThat(e.getModalities()).contains(dev.affectstreams.avro.Modality.TEXT);
                        assertThat(e.getQualityFlags()).doesNotContain(QualityFlag.TEXT_MISSING);
                    } else {
                        assertThat(e.getModalities()).doesNotContain(dev.affectstreams.avro.Modality.TEXT);
                        assertThat(e.getQualityFlags()).contains(QualityFlag.TEXT_MISSING);
                    }
                }
            }
        }
    }
}
