package dev.affectstreams.inference;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.ErrorRecord;
import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.avro.QualityFlag;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.kafka.AvroSerde;
import dev.affectstreams.media.MediaChunk;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.backbone.FeatureExtractor;
import dev.affectstreams.sync.SyncedChunk;
import java.nio.ByteBuffer;
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
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, byte[]> pending;
    private KeyValueStore<String, byte[]> windows;
    private KeyValueStore<String, byte[]> states;
    private KeyValueStore<String, String> pins;
    private KeyValueStore<String, String> transcripts;
    private org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, dev.affectstreams.avro.ConsentRecord> consent;
    private int queued;
    private final Map<String, dev.affectstreams.media.FaceTracker> trackers = new java.util.HashMap<>();

    /** @param model the stream thread's model (one per thread, shared by its tasks) */
    public InferenceProcessor(InferenceSettings settings, EventRules rules, Supplier<LiveModel> model,
                              ReleaseSource releases) {
        this.settings = settings;
        this.rules = rules;
        this.model = model;
        this.releases = releases;
        this.claims = new ClaimedChunks(settings.claimChecks(), audioSerde, videoSerde);
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
        String pinnedVersion = pin == null ? null : pin.substring(0, pin.lastIndexOf('|'));
        long seen = pin == null ? 0 : Long.parseLong(pin.substring(pin.lastIndexOf('|') + 1));
        dev.affectstreams.registry.Release r = releases.resolve(pinnedVersion);
        String version = r.manifest().version();
        if (!version.equals(pinnedVersion) || now - seen >= PIN_REFRESH_MS) {
            pins.put(key, version + "|" + now);
        }
        return r;
    }

    private void dropIdlePins(long now) {
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, String> it = pins.all()) {
            while (it.hasNext()) {
                var e = it.next();
                long seen = Long.parseLong(e.value.substring(e.value.lastIndexOf('|') + 1));
                if (now - seen >= settings.pinIdle().toMillis()) {
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
            SyncedChunk c = PendingChunkCodec.decode(entry.key, entry.value, audioSerde, videoSerde);
            try {
                SyncedChunk inline = claims.resolve(c);
                media.add(ChunkDecoder.decode(inline));
                chunks.add(inline);
            } catch (ChunkDecoder.InvalidChunkException e) {
                deadLetter(c, e.getMessage());
            }
            pending.delete(entry.key);
        }
        if (chunks.isEmpty()) {
            return;
        }
        LiveModel live = model.get();
        long started = context.currentSystemTimeMs();
        rules.counters().batch(media.size());
        List<java.awt.Rectangle> crops = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            MediaChunk m = media.get(i);
            java.awt.Rectangle box = null;
            if (m.hasVideo()) {
                box = trackers.computeIfAbsent(chunks.get(i).key(),
                        k -> new dev.affectstreams.media.FaceTracker(live.faces(), 5, 2)).boxFor(m.frames());
                if (box == null) {
                    SyncedChunk c = chunks.get(i);
                    EnumSet<QualityFlag> flags = EnumSet.of(QualityFlag.NO_FACE);
                    flags.addAll(c.flags());
                    chunks.set(i, new SyncedChunk(c.key(), c.seq(), c.audio(), c.video(), flags));
                    media.set(i, new MediaChunk(m.seq(), List.of(), new long[0], m.audio(), m.fps()));
                }
            }
            crops.add(box);
        }
        List<String> texts = new ArrayList<>();
        for (SyncedChunk c : chunks) {
            TranscriptProcessor.Transcript t = TranscriptProcessor.Transcript.decode(transcripts.get(c.key()));
            texts.add(t == null ? null : t.text());
        }
        List<FeatureExtractor.ChunkFeatures> features = live.extractor().extract(media, crops, texts);
        for (int i = 0; i < chunks.size(); i++) {
            SyncedChunk c = chunks.get(i);
            emit(live, live.heads(releaseFor(c.key(), started), started), c, features.get(i).vectors());
        }
        live.closeIdle(releases.current().manifest().version(), started);
    }

    private void emit(LiveModel backbones, LiveHeads live, SyncedChunk c, Map<Modality, float[]> vectors) {
        FeatureWindow window = FeatureWindow.fromBytes(windows.get(c.key()), settings.window());
        window.add(c.seq(), vectors);
        windows.put(c.key(), window.toBytes());
        Map<Modality, float[]> averages = window.averages();
        Set<QualityFlag> flags = EnumSet.noneOf(QualityFlag.class);
        flags.addAll(c.flags());
        if (window.size() < settings.window()) {
            flags.add(QualityFlag.PARTIAL_WINDOW);
        }
        List<dev.affectstreams.avro.Modality> used = new ArrayList<>();
        for (Modality m : live.modalities()) {
            if (averages.containsKey(m)) {
                used.add(dev.affectstreams.avro.Modality.valueOf(m.name()));
            }
        }
        if (live.modalities().contains(Modality.TEXT) && !averages.containsKey(Modality.TEXT)) {
            // no caption yet for this participant: no words so far, as an empty transcript embeds
            averages = new java.util.EnumMap<>(averages);
            averages.put(Modality.TEXT, backbones.extractor().emptyTranscript());
            flags.add(QualityFlag.TEXT_MISSING);
        }
        Map<String, Float> scores = new LinkedHashMap<>();
        String dominant = null;
        if (averages.keySet().containsAll(live.modalities())) {
            float[] s = live.scores(averages);
            float best = settings.threshold();
            for (int j = 0; j < s.length; j++) {
                String label = live.labels().labels().get(j);
                scores.put(label, s[j]);
                if (s[j] >= best) {
                    best = s[j];
                    dominant = label;
                }
            }
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
                .setLatencyMs(Math.max(0, now - produced)).setEmittedAt(Instant.ofEpochMilli(now)).build();
        context.forward(new Record<>(c.key(), event, now), EVENTS);
        rules.counters().events.incrementAndGet();
        updateState(c, event, now);
        tap(backbones, c, vectors, now);
    }

    /** The smoothed state; published only when its label changes. */
    private void updateState(SyncedChunk c, ExpressionEvent event, long now) {
        if (event.getScores().isEmpty()) {
            return;
        }
        var previous = StateCodec.decode(states.get(c.key()));
        var next = rules.smoother().next(previous, event.getScores());
        states.put(c.key(), StateCodec.encode(next));
        String before = previous == null ? null : previous.label();
        if (java.util.Objects.equals(before, next.label()) && previous != null) {
            return;
        }
        rules.counters().stateChanges.incrementAndGet();
        var state = dev.affectstreams.avro.ExpressionState.newBuilder().setCallId(event.getCallId())
                .setParticipantId(event.getParticipantId()).setSeq(c.seq()).setSince(event.getCaptureStart())
                .setLabelSet(event.getLabelSet()).setLabel(next.label()).setPreviousLabel(before)
                .setSmoothedScores(next.scores()).setModelVersion(event.getModelVersion()).build();
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

    private void deadLetter(SyncedChunk c, String reason) {
        byte[] key = c.key().getBytes(StandardCharsets.UTF_8);
        byte[] value = c.video() != null ? videoSerde.serialize(null, c.video()) : audioSerde.serialize(null, c.audio());
        long now = context.currentSystemTimeMs();
        ErrorRecord error = ErrorRecord.newBuilder().setSourceTopic("sync").setSourcePartition(-1).setSourceOffset(-1)
                .setStage("preprocess").setReason(reason).setOriginalKey(ByteBuffer.wrap(key))
                .setOriginalValue(ByteBuffer.wrap(value)).setOriginalTimestamp(Instant.ofEpochMilli(now))
                .setOccurredAt(Instant.ofEpochMilli(now)).setApplicationId(context.applicationId()).build();
        context.forward(new Record<>(Bytes.wrap(key), error, now), DLQ);
    }
}
