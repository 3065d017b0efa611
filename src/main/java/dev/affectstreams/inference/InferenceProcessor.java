package dev.affectstreams.inference;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.ErrorRecord;
import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.avro.QualityFlag;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.kafka.AvroSerde;
import dev.affectstreams.events.ExpressionSmoother;
import dev.affectstreams.media.MediaChunk;
import dev.affectstreams.model.Modality;
import dev.affectstreams.sync.ChunkChecks;
import dev.affectstreams.sync.InputLimits;
import dev.affectstreams.sync.SyncedChunk;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Synced chunks to expression events. Chunks wait for their batch in a changelogged store (a
 * crash loses none); a batch runs when it reaches {@code maxBatch} chunks or every
 * {@code maxDelay}; features are added to each participant's window (also changelogged), and
 * the event is computed on the window's averages. Chunks the decoder refuses go to the
 * dead-letter topic with stage "preprocess".
 */
public final class InferenceProcessor implements Processor<String, SyncedChunk, Object, Object> {

    public static final String PENDING = "inference-pending";
    public static final String WINDOWS = "feature-windows";
    public static final String EVENTS = "events";
    public static final String DLQ = "inference-dlq";
    public static final String STATES = "states";
    public static final String TAP = "tap";
    public static final String STATE_STORE = "expression-states";
    public static final String PINS = "release-pins";
    /** Child receiving every chunk's features (retraining consent only) for label pairing. */
    public static final String FEATURES = LabelPairingProcessor.NAME;
    private static final long PIN_REFRESH_MS = 10_000;

    private final InferenceSettings settings;
    private final EventRules rules;
    private final Supplier<LiveModel> model;
    private final ReleaseSource releases;
    private final AvroSerde<AudioChunk> audioSerde = AvroSerde.of(AudioChunk.class);
    private final AvroSerde<VideoChunk> videoSerde = AvroSerde.of(VideoChunk.class);
    private final ClaimedChunks claims;
    private final ChunkChecks checks;
    private final ChunkDeadLetters deadLetters;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, byte[]> pending;
    private KeyValueStore<String, byte[]> windows;
    private KeyValueStore<String, byte[]> states;
    private KeyValueStore<String, String> pins;
    private KeyValueStore<String, String> transcripts;
    private org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, dev.affectstreams.avro.ConsentRecord> consent;
    private int queued;
    private final BatchFeatures batchFeatures = new BatchFeatures();

    /** @param model the stream thread's model (one per thread, shared by its tasks) */
    public InferenceProcessor(InferenceSettings settings, InputLimits limits, EventRules rules,
                              Supplier<LiveModel> model, ReleaseSource releases) {
        this.settings = settings;
        this.rules = rules;
        this.model = model;
        this.releases = releases;
        this.claims = new ClaimedChunks(settings.claimChecks(), audioSerde, videoSerde);
        this.checks = new ChunkChecks(limits);
        this.deadLetters = new ChunkDeadLetters(audioSerde, videoSerde);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.pending = context.getStateStore(PENDING);
        this.windows = context.getStateStore(WINDOWS);
        this.states = context.getStateStore(STATE_STORE);
        this.pins = context.getStateStore(PINS);
        this.transcripts = context.getStateStore(TranscriptProcessor.STORE);
        this.consent = context.getStateStore(dev.affectstreams.events.ConsentStoreUpdater.STORE);
        context.schedule(settings.maxDelay(), PunctuationType.WALL_CLOCK_TIME, now -> runBatch());
        context.schedule(java.time.Duration.ofSeconds(30), PunctuationType.WALL_CLOCK_TIME, this::dropIdlePins);
        context.schedule(java.time.Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::forgetWithdrawn);
    }

    /**
     * The release of a participant's stream: with pinning, the one it started with while that is
     * still servable (the pin is refreshed as chunks arrive); otherwise the current one.
     */
    private dev.affectstreams.registry.Release releaseFor(String key, long now) {
        if (!settings.pinning()) {
            return releases.current();
        }
        String pin = pins.get(key);
        long seen = pinSeen(pin);
        String pinnedVersion = seen < 0 ? null : pin.substring(0, pin.lastIndexOf('|'));
        dev.affectstreams.registry.Release r = releases.resolve(pinnedVersion);
        String version = r.manifest().version();
        if (!version.equals(pinnedVersion) || now - seen >= PIN_REFRESH_MS) {
            pins.put(key, version + "|" + now);
        }
        return r;
    }

    /** When a pin ({@code version|millis}) was last refreshed; -1 for none or an unreadable one. */
    private static long pinSeen(String pin) {
        int bar = pin == null ? -1 : pin.lastIndexOf('|');
        if (bar <= 0) {
            return -1;
        }
        try {
            return Long.parseLong(pin.substring(bar + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void dropIdlePins(long now) {
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, String> it = pins.all()) {
            while (it.hasNext()) {
                var e = it.next();
                long seen = pinSeen(e.value);
                if (seen < 0 || now - seen >= settings.pinIdle().toMillis()) {
                    idle.add(e.key);
                }
            }
        }
        idle.forEach(pins::delete);
    }

    @Override
    public void process(Record<String, SyncedChunk> record) {
        SyncedChunk c = record.value();
        var decision = rules.consent().inference(consent.get(c.key()));
        if (decision != dev.affectstreams.events.ConsentPolicy.Decision.ALLOWED) {
            (decision == dev.affectstreams.events.ConsentPolicy.Decision.NO_CONSENT ? rules.counters().noConsent
                    : rules.counters().blockedContext).incrementAndGet();
            return;
        }
        pending.put(String.format("%s|%019d", c.key(), c.seq()), PendingChunkCodec.encode(c, audioSerde, videoSerde));
        if (++queued >= settings.maxBatch()) {
            runBatch();
        }
    }

    /**
     * Removes what the live path keeps about a participant whose consent to inference is gone:
     * the smoothed state (so the query API no longer answers it), the feature window, the
     * release pin, the transcript and the face track.
     */
    private void forget(String key) {
        states.delete(key);
        windows.delete(key);
        pins.delete(key);
        transcripts.delete(key);
        batchFeatures.forget(key);
        rules.counters().forgotten.incrementAndGet();
    }

    /**
     * Every second: participants whose consent to inference is gone are forgotten. Every
     * participant with a state has a window (the window is written first), so the windows name them all.
     */
    private void forgetWithdrawn(long now) {
        List<String> withdrawn = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = windows.all()) {
            while (it.hasNext()) {
                String key = it.next().key;
                if (rules.consent().inference(consent.get(key)) != dev.affectstreams.events.ConsentPolicy.Decision.ALLOWED) {
                    withdrawn.add(key);
                }
            }
        }
        withdrawn.forEach(this::forget);
    }

    private void runBatch() {
        List<KeyValue<String, byte[]>> batch = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = pending.all()) {
            while (it.hasNext()) {
                batch.add(it.next());
            }
        }
        queued = 0;
        if (batch.isEmpty()) {
            return;
        }
        List<SyncedChunk> chunks = new ArrayList<>();
        List<MediaChunk> media = new ArrayList<>();
        for (KeyValue<String, byte[]> entry : batch) {
            // whatever happens to it, a pending chunk is taken out of the store exactly once
            pending.delete(entry.key);
            SyncedChunk c = readPending(entry);
            if (c == null || rules.consent().inference(consent.get(c.key()))
                    != dev.affectstreams.events.ConsentPolicy.Decision.ALLOWED) {
                continue;
            }
            try {
                SyncedChunk inline = claims.resolve(c);
                media.add(ChunkDecoder.decode(inline, checks));
                chunks.add(inline);
            } catch (ChunkDecoder.InvalidChunkException e) {
                deadLetter(c, e.audio(), "preprocess", e.getMessage(), e);
            }
        }
        if (chunks.isEmpty()) {
            return;
        }
        LiveModel live = model.get();
        long started = context.currentSystemTimeMs();
        rules.counters().batch(media.size());
        List<BatchFeatures.Outputs> outputs = batchFeatures.of(live, chunks, media, transcripts,
                (c, reason, cause) -> deadLetter(c, false, "inference", reason, cause));
        for (int i = 0; i < chunks.size(); i++) {
            SyncedChunk c = chunks.get(i);
            if (outputs.get(i) == null) {
                continue;
            }
            try {
                emit(live, live.heads(releaseFor(c.key(), started), started), c, outputs.get(i));
            } catch (RuntimeException e) {
                if (ChunkDeadLetters.isKafkaFailure(e)) {
                    throw e;
                }
                deadLetter(c, false, "inference", "the chunk's event could not be made: " + e, e);
            }
        }
        live.closeIdle(releases.current().manifest().version(), started);
    }

    /** A pending chunk, or null after dead-lettering one that cannot be read back. */
    private SyncedChunk readPending(KeyValue<String, byte[]> entry) {
        try {
            return PendingChunkCodec.decode(entry.key, entry.value, audioSerde, videoSerde);
        } catch (RuntimeException e) {
            if (ChunkDeadLetters.isKafkaFailure(e)) {
                throw e;
            }
            long now = context.currentSystemTimeMs();
            String key = entry.key.contains("|") ? entry.key.substring(0, entry.key.lastIndexOf('|')) : entry.key;
            forwardDeadLetter(key, ChunkDeadLetters.unreadable(key, entry.value, "preprocess", e, now,
                    context.applicationId()), now);
            return null;
        }
    }

    private void emit(LiveModel backbones, LiveHeads live, SyncedChunk c, BatchFeatures.Outputs out) {
        Map<Modality, float[]> vectors = out.features().vectors();
        FeatureWindow window = windowOf(c.key());
        window.add(c.seq(), vectors, out.faceFound());
        windows.put(c.key(), window.toBytes());
        Set<QualityFlag> flags = EnumSet.noneOf(QualityFlag.class);
        flags.addAll(c.flags());
        if (window.size() < settings.window()) {
            flags.add(QualityFlag.PARTIAL_WINDOW);
        }
        Map<Modality, float[]> averages = window.averages();
        List<dev.affectstreams.avro.Modality> used = new ArrayList<>();
        for (Modality m : live.modalities()) {
            if (averages.containsKey(m)) {
                used.add(dev.affectstreams.avro.Modality.valueOf(m.name()));
            }
        }
        averages = MissingModalities.fill(averages, live.modalities(), backbones.extractor(), flags);
        Map<String, Float> scores = new LinkedHashMap<>();
        String dominant = null;
        if (averages.keySet().containsAll(live.modalities())) {
            float[] s = live.scores(averages);
            for (int j = 0; j < s.length; j++) {
                scores.put(live.labels().labels().get(j), s[j]);
            }
            dominant = live.dominant(s);
        }
        long now = context.currentSystemTimeMs();
        long produced = Math.max(c.audio() == null ? 0 : c.audio().getProducedAt().toEpochMilli(),
                c.video() == null ? 0 : c.video().getProducedAt().toEpochMilli());
        Instant capture = c.video() != null ? c.video().getCaptureStart() : c.audio().getCaptureStart();
        String[] ids = c.key().split("/", 2);
        ExpressionEvent event = ExpressionEvent.newBuilder().setCallId(ids[0]).setParticipantId(ids.length > 1 ? ids[1] : "")
                .setSeq(c.seq()).setCaptureStart(capture).setLabelSet(live.labels().id()).setScores(scores)
                .setDominantLabel(dominant).setModalities(used).setQualityFlags(new ArrayList<>(flags))
                .setWindowChunks(window.size()).setModelName(live.modelName()).setModelVersion(live.version())
                .setLatencyMs(Math.max(0, now - produced)).setEmittedAt(Instant.ofEpochMilli(now))
                .setFaceReading(out.face() == null ? null : FaceReadings.of(backbones.faceReader().orElseThrow(),
                        out.face()))
                .setFaceChunks(window.faces()).build();
        context.forward(new Record<>(c.key(), event, now), EVENTS);
        rules.counters().events.incrementAndGet();
        updateState(c, event, live, now);
        tap(backbones, c, vectors, now);
    }

    /** The participant's window; an unreadable one is started afresh rather than failing every chunk after it. */
    private FeatureWindow windowOf(String key) {
        try {
            return FeatureWindow.fromBytes(windows.get(key), settings.window());
        } catch (RuntimeException e) {
            return FeatureWindow.fromBytes(null, settings.window());
        }
    }

    /** The smoothed state; published when its label or its face reading's top class changes. */
    private void updateState(SyncedChunk c, ExpressionEvent event, LiveHeads live, long now) {
        if (event.getScores().isEmpty()) {
            return;
        }
        ExpressionSmoother.State previous;
        try {
            previous = StateCodec.decode(states.get(c.key()));
        } catch (RuntimeException e) {
            previous = null; // unreadable: smoothing starts again
        }
        var face = event.getFaceReading();
        var next = rules.smoother().next(previous, event.getScores(), live.thresholdsByLabel(),
                face == null ? null : face.getProbabilities(), face == null ? 0 : face.getFrames());
        states.put(c.key(), StateCodec.encode(next));
        String before = previous == null ? null : previous.label();
        if (previous != null && java.util.Objects.equals(before, next.label())
                && java.util.Objects.equals(previous.faceTop(), next.faceTop())) {
            return;
        }
        rules.counters().stateChanges.incrementAndGet();
        var state = dev.affectstreams.avro.ExpressionState.newBuilder().setCallId(event.getCallId())
                .setParticipantId(event.getParticipantId()).setSeq(c.seq()).setSince(event.getCaptureStart())
                .setLabelSet(event.getLabelSet()).setLabel(next.label() == null ? LiveHeads.NEUTRAL : next.label())
                .setPreviousLabel(previous == null ? null : before == null ? LiveHeads.NEUTRAL : before)
                .setSmoothedScores(next.scores()).setModelVersion(event.getModelVersion())
                .setFaceReading(face == null ? null : FaceReadings.smoothed(face, next.face(), next.faceTop()))
                .build();
        context.forward(new Record<>(c.key(), state, now), STATES);
    }

    /**
     * Features (never media) of chunks whose participant allows retraining: all of them to label
     * pairing, a deterministic sample of them to {@code ssl.samples}.
     */
    private void tap(LiveModel live, SyncedChunk c, Map<Modality, float[]> vectors, long now) {
        if (!rules.consent().retraining(consent.get(c.key()))) {
            return;
        }
        String[] ids = c.key().split("/", 2);
        var sample = dev.affectstreams.avro.TrainingSample.newBuilder().setSampleId(c.key() + "/" + c.seq())
                .setCallId(ids[0]).setParticipantId(ids.length > 1 ? ids[1] : "").setSeq(c.seq())
                .setCaptureStart(c.video() != null ? c.video().getCaptureStart() : c.audio().getCaptureStart())
                .setFeatures(dev.affectstreams.model.data.FeatureVectors.of(vectors, live.extractor().backbones()))
                .build();
        context.forward(new Record<>(c.key(), sample, now), FEATURES);
        if (rules.sampled(c.key(), c.seq())) {
            rules.counters().tapped.incrementAndGet();
            context.forward(new Record<>(c.key(), sample, now), TAP);
        }
    }

    private void deadLetter(SyncedChunk c, boolean audio, String stage, String reason, Throwable cause) {
        long now = context.currentSystemTimeMs();
        forwardDeadLetter(c.key(), deadLetters.of(c, audio, stage, reason, cause, now, context.applicationId()), now);
    }

    private void forwardDeadLetter(String key, ErrorRecord error, long now) {
        rules.counters().deadLetters.incrementAndGet();
        context.forward(new Record<>(key == null ? null : Bytes.wrap(key.getBytes(StandardCharsets.UTF_8)), error, now),
                DLQ);
    }
}
