package dev.affectstreams.inference;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.ConsentRecord;
import dev.affectstreams.avro.ErrorRecord;
import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.avro.ExpressionState;
import dev.affectstreams.avro.TrainingSample;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.events.ConsentPolicy.Decision;
import dev.affectstreams.events.ConsentStoreUpdater;
import dev.affectstreams.events.ExpressionSmoother;
import dev.affectstreams.events.LiveCounters;
import dev.affectstreams.events.LiveCounters.Stage;
import dev.affectstreams.kafka.AvroSerde;
import dev.affectstreams.kafka.DeadLetter;
import dev.affectstreams.kafka.Provenance;
import dev.affectstreams.media.MediaChunk;
import dev.affectstreams.model.Modality;
import dev.affectstreams.sync.ChunkChecks;
import dev.affectstreams.sync.InputLimits;
import dev.affectstreams.sync.SyncedChunk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synced chunks to expression events. Chunks wait for their batch in a {@link BatchQueue}; a
 * batch runs when it is full or every {@code maxDelay}; each chunk is decoded, its features
 * added to its participant's window (changelogged), and its event, state and training sample
 * made by the {@link EventFactory} with the release its stream is pinned to ({@link ReleasePins}).
 * Chunks the decoder refuses go to the dead-letter topic with stage "preprocess", chunks the
 * model fails on with stage "inference". Every output is an Avro record keyed by the
 * participant key, forwarded to the child named for its kind.
 * <p>Its length is mostly the wiring of its stores and punctuations and their documentation; the work is in {@link BatchQueue}, {@link ReleasePins}, {@link FaceTracks}, {@link BatchFeatures} and {@link EventFactory}.
 */
public final class InferenceProcessor implements Processor<String, SyncedChunk, String, SpecificRecord> {

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
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(30);
    private static final Duration CONSENT_CHECK = Duration.ofSeconds(1);
    private static final int REFUSED_REMEMBERED = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(InferenceProcessor.class);

    private final InferenceSettings settings;
    private final EventRules rules;
    private final Supplier<LiveModel> model;
    private final ReleaseSource releases;
    private final AvroSerde<AudioChunk> audioSerde = AvroSerde.of(AudioChunk.class);
    private final AvroSerde<VideoChunk> videoSerde = AvroSerde.of(VideoChunk.class);
    private final ClaimedChunks claims;
    private final ChunkChecks checks;
    private final ChunkDeadLetters deadLetters;
    private final FaceTracks faceTracks = new FaceTracks();
    private final BatchFeatures batchFeatures;
    private final EventFactory events;
    private final FirstSight refused = new FirstSight(REFUSED_REMEMBERED);
    private ProcessorContext<String, SpecificRecord> context;
    private BatchQueue queue;
    private ReleasePins pins;
    private KeyValueStore<String, byte[]> windows;
    private KeyValueStore<String, byte[]> states;
    private KeyValueStore<String, String> transcripts;
    private ReadOnlyKeyValueStore<String, ConsentRecord> consent;

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
        this.events = new EventFactory(settings.window());
        this.batchFeatures = new BatchFeatures(faceTracks, rules.counters());
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.queue = new BatchQueue(context.getStateStore(PENDING), settings.maxBatch(), audioSerde, videoSerde);
        this.pins = new ReleasePins(context.getStateStore(PINS), releases, settings.pinning(), settings.pinIdle());
        this.windows = context.getStateStore(WINDOWS);
        this.states = context.getStateStore(STATE_STORE);
        this.transcripts = context.getStateStore(TranscriptProcessor.STORE);
        this.consent = context.getStateStore(ConsentStoreUpdater.STORE);
        context.schedule(settings.maxDelay(), PunctuationType.WALL_CLOCK_TIME, now -> runBatch());
        context.schedule(HOUSEKEEPING, PunctuationType.WALL_CLOCK_TIME, this::dropIdle);
        context.schedule(CONSENT_CHECK, PunctuationType.WALL_CLOCK_TIME, this::forgetWithdrawn);
    }

    @Override
    public void process(Record<String, SyncedChunk> record) {
        SyncedChunk c = record.value();
        Decision decision = rules.consent().inference(consent.get(c.key()));
        if (decision != Decision.ALLOWED) {
            (decision == Decision.NO_CONSENT ? rules.counters().noConsent : rules.counters().blockedContext)
                    .incrementAndGet();
            if (refused.first(c.key())) {
                LOG.info("No events for {}: {}; its chunks are dropped until its consent record allows inference "
                        + "(counted by affect_slots_no_consent_total / affect_slots_blocked_context_total)", c.key(),
                        decision == Decision.NO_CONSENT ? "no consent record allows inference"
                                : "its call's context forbids inference");
            }
            return;
        }
        refused.forget(c.key());
        if (queue.add(c, context.currentSystemTimeMs())) {
            runBatch();
        }
    }

    private boolean allowed(String key) {
        return rules.consent().inference(consent.get(key)) == Decision.ALLOWED;
    }

    /** Pins and face tracks of streams that paused longer than the pin idle time. */
    private void dropIdle(long now) {
        pins.dropIdle(now);
        faceTracks.evictIdle(now, settings.pinIdle());
    }

    /**
     * Removes what the live path keeps about a participant whose consent to inference is gone:
     * the smoothed state (so the query API no longer answers it), the feature window, the
     * release pin, the transcript and the face track.
     */
    private void forget(String key) {
        states.delete(key);
        windows.delete(key);
        pins.forget(key);
        transcripts.delete(key);
        faceTracks.forget(key);
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
                if (!allowed(key)) {
                    withdrawn.add(key);
                }
            }
        }
        withdrawn.forEach(this::forget);
    }

    private void runBatch() {
        long waited = queue.oldestWaitMs(context.currentSystemTimeMs());
        List<SyncedChunk> chunks = new ArrayList<>();
        List<MediaChunk> media = new ArrayList<>();
        long decodeStart = System.nanoTime();
        for (SyncedChunk c : queue.drain(this::deadLetterUnreadable)) {
            if (!allowed(c.key())) {
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
        LiveCounters counters = rules.counters();
        counters.stage(Stage.DECODE, System.nanoTime() - decodeStart);
        LiveModel live = model.get();
        long started = context.currentSystemTimeMs();
        counters.batch(media.size());
        if (waited >= 0) {
            counters.batchWait(waited);
        }
        List<BatchFeatures.Outputs> outputs = batchFeatures.of(live, chunks, media, transcripts, started,
                (c, reason, cause) -> deadLetter(c, false, "inference", reason, cause));
        long headsStart = System.nanoTime();
        for (int i = 0; i < chunks.size(); i++) {
            if (outputs.get(i) != null) {
                emitOrDeadLetter(live, started, chunks.get(i), outputs.get(i));
            }
        }
        counters.stage(Stage.HEADS, System.nanoTime() - headsStart);
        live.closeIdle(releases.current().manifest().version(), started);
    }

    private void emitOrDeadLetter(LiveModel live, long started, SyncedChunk c, BatchFeatures.Outputs out) {
        try {
            emit(live, live.heads(pins.releaseFor(c.key(), started), started), c, out);
        } catch (RuntimeException e) {
            if (ChunkDeadLetters.isKafkaFailure(e)) {
                throw e;
            }
            deadLetter(c, false, "inference", "the chunk's event could not be made: " + e, e);
        }
    }

    private void emit(LiveModel backbones, LiveHeads heads, SyncedChunk c, BatchFeatures.Outputs out) {
        Map<Modality, float[]> vectors = out.features().vectors();
        FeatureWindow window = windowOf(c.key());
        window.add(c.seq(), vectors, out.faceFound());
        windows.put(c.key(), window.toBytes());
        long now = context.currentSystemTimeMs();
        ExpressionEvent event = events.event(c, window, heads, backbones.extractor(),
                backbones.faceReader().orElse(null), out.face(), now);
        context.forward(new Record<>(c.key(), event, now), EVENTS);
        rules.counters().event(event.getLatencyMs());
        updateState(c.key(), event, heads, now);
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
    private void updateState(String key, ExpressionEvent event, LiveHeads heads, long now) {
        if (event.getScores().isEmpty()) {
            return;
        }
        ExpressionSmoother.State previous;
        try {
            previous = StateCodec.decode(states.get(key));
        } catch (RuntimeException e) {
            previous = null; // unreadable: smoothing starts again
        }
        var face = event.getFaceReading();
        var next = rules.smoother().next(previous, event.getScores(), heads.thresholdsByLabel(),
                face == null ? null : face.getProbabilities(), face == null ? 0 : face.getFrames());
        states.put(key, StateCodec.encode(next));
        ExpressionState state = events.state(event, previous, next);
        if (state != null) {
            rules.counters().stateChanges.incrementAndGet();
            context.forward(new Record<>(key, state, now), STATES);
        }
    }

    /**
     * Features (never media) of chunks whose participant allows retraining: all of them to label
     * pairing, a deterministic sample of them to {@code ssl.samples}.
     */
    private void tap(LiveModel live, SyncedChunk c, Map<Modality, float[]> vectors, long now) {
        if (!rules.consent().retraining(consent.get(c.key()))) {
            return;
        }
        TrainingSample sample = events.sample(c, vectors, live.extractor());
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

    /** A pending chunk that cannot be read back: its stored bytes, origin unknown. */
    private void deadLetterUnreadable(String key, byte[] stored, RuntimeException cause) {
        long now = context.currentSystemTimeMs();
        ErrorRecord error = DeadLetter.of(Provenance.UNKNOWN, key, stored, now).refused("preprocess",
                "a stored chunk could not be read and was removed: " + cause, cause, now, context.applicationId());
        forwardDeadLetter(key, error, now);
    }

    private void forwardDeadLetter(String key, ErrorRecord error, long now) {
        // keyed by the participant key: its UTF-8 bytes are the original key bytes
        context.forward(new Record<>(key, error, now), DLQ);
    }
}
