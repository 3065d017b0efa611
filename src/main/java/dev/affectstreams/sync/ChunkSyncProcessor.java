package dev.affectstreams.sync;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.QualityFlag;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.kafka.AvroSerde;
import dev.affectstreams.kafka.DeadLetter;
import dev.affectstreams.kafka.Provenance;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins a participant's audio and video of the same slot (key, seq). A slot is emitted as soon
 * as both have arrived, or without the missing one under the rules of {@link SyncSettings}.
 * Every chunk is checked ({@link ChunkChecks}) before it is stored: a null key or value, ids
 * that disagree with the key, or sizes beyond the {@link InputLimits} go to the dead-letter
 * topic (stage "validate"), so nothing unusable enters the changelogged store. Pending slots
 * survive restarts; duplicates are dropped; chunks for a slot already emitted without them go
 * to the dead-letter topic as late; a stored slot that cannot be read is removed (and logged).
 * <p>Its length is the give-up rules, which read the same per-participant progress and must be read together; the slot state and its codec live in {@link PendingSlot}.
 */
public final class ChunkSyncProcessor implements Processor<String, SpecificRecord, Object, Object> {

    public static final String STORE = "sync-pending";
    public static final String SYNCED = "synced";
    public static final String DLQ = "sync-dlq";
    private static final Logger LOG = LoggerFactory.getLogger(ChunkSyncProcessor.class);

    private final SyncSettings settings;
    private final ChunkChecks checks;
    private final AvroSerde<AudioChunk> audioSerde = AvroSerde.of(AudioChunk.class);
    private final AvroSerde<VideoChunk> videoSerde = AvroSerde.of(VideoChunk.class);
    private final Map<String, Progress> progress = new HashMap<>();
    private long lastAudioArrival = Long.MIN_VALUE / 2;
    private long lastVideoArrival = Long.MIN_VALUE / 2;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, PendingSlot> store;
    private final SyncCounters counters;

    /**
     * The newest slot of each modality seen for a participant, when each last arrived, and when
     * the participant was first seen.
     */
    private static final class Progress {
        final long firstMs;
        long audio = -1;
        long video = -1;
        long audioMs = Long.MIN_VALUE / 2;
        long videoMs = Long.MIN_VALUE / 2;

        Progress(long firstMs) {
            this.firstMs = firstMs;
        }

        long seenMs() {
            return Math.max(audioMs, videoMs);
        }

        long newest() {
            return Math.max(audio, video);
        }
    }

    public ChunkSyncProcessor(SyncSettings settings, SyncCounters counters) {
        this.settings = settings;
        this.checks = new ChunkChecks(settings.limits());
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        context.schedule(settings.punctuation(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        long now = context.currentSystemTimeMs();
        Provenance from = Provenance.of(context.recordMetadata());
        Optional<String> refusal = refusal(record);
        if (refusal.isPresent()) {
            deadLetter(record, from, "validate", refusal.get(), now);
            return;
        }
        boolean isAudio = record.value() instanceof AudioChunk;
        long seq = isAudio ? ((AudioChunk) record.value()).getSeq() : ((VideoChunk) record.value()).getSeq();
        progress(isAudio, record.key(), seq, now);
        String slotKey = slotKey(record.key(), seq);
        PendingSlot slot = store.get(slotKey);
        if (slot == null || slot.unreadable()) {
            slot = PendingSlot.empty(now);
        }
        boolean already = isAudio ? slot.audio() != null : slot.video() != null;
        if (already) {
            counters.duplicates.increment();
            return;
        }
        if (slot.emitted()) {
            counters.late.increment();
            deadLetter(record, from, "sync", (isAudio ? "audio" : "video") + " of slot " + seq
                    + " arrived after the slot went on without it", now);
            return;
        }
        byte[] bytes = isAudio ? audioSerde.serialize(null, (AudioChunk) record.value())
                : videoSerde.serialize(null, (VideoChunk) record.value());
        slot = isAudio ? slot.withAudio(bytes, from) : slot.withVideo(bytes, from);
        boolean otherAbsent = isAudio ? ((AudioChunk) record.value()).getVideoAbsent()
                : ((VideoChunk) record.value()).getAudioAbsent();
        if (slot.audio() != null && slot.video() != null || otherAbsent) {
            emit(slotKey, slot, now, record.timestamp());
        } else {
            store.put(slotKey, slot);
        }
    }

    /** Why the record cannot be synced, or empty when it can. */
    private Optional<String> refusal(Record<String, SpecificRecord> record) {
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("the input topic");
        if (record.key() == null) {
            return Optional.of("a record without a key on " + topic + "; chunks are keyed callId/participantId");
        }
        if (record.value() == null) {
            return Optional.of("a null value (tombstone) on " + topic + " is not a chunk; the topic is not compacted, "
                    + "so there is nothing to delete");
        }
        Optional<String> refusal = record.value() instanceof AudioChunk a ? checks.audio(record.key(), a)
                : checks.video(record.key(), (VideoChunk) record.value());
        if (refusal.isPresent()) {
            return refusal;
        }
        long seq = record.value() instanceof AudioChunk a ? a.getSeq() : ((VideoChunk) record.value()).getSeq();
        Progress p = progress.get(record.key());
        return checks.progress(seq, p == null || p.newest() < 0 ? null : p.newest());
    }

    private void punctuate(long now) {
        List<KeyValue<String, PendingSlot>> due = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, PendingSlot> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, PendingSlot> entry = it.next();
                PendingSlot slot = entry.value;
                if (slot.unreadable()) {
                    LOG.error("Removing pending slot {}: its stored bytes are not a pending slot", entry.key);
                }
                if (slot.emitted()) {
                    if (now - slot.emittedAtMs() > settings.retention().toMillis()) {
                        expired.add(entry.key);
                    }
                } else if (givenUp(entry.key, slot, now)) {
                    due.add(entry);
                }
            }
        }
        expired.forEach(store::delete);
        due.forEach(e -> emit(e.key, e.value, now, now));
        progress.values().removeIf(p -> now - p.seenMs() > settings.retention().toMillis());
    }

    private boolean givenUp(String slotKey, PendingSlot slot, long now) {
        boolean missingAudio = slot.audio() == null;
        SlotKey slotOf = SlotKey.parse(slotKey);
        String key = slotOf.participant();
        long seq = slotOf.seq();
        Progress p = progress.get(key);
        long otherProgress = p == null ? -1 : missingAudio ? p.audio : p.video;
        long otherArrival = missingAudio ? lastAudioArrival : lastVideoArrival;
        long waited = now - slot.firstSeenMs();
        long grace = settings.grace().toMillis();
        // a far-ahead slot (the first chunk of a participant cannot be checked for it) must not make
        // every slot behind it look abandoned: the lag rule holds within limits.seq.max.ahead only
        return otherProgress >= 0 && otherProgress >= seq + settings.lagChunks()
                && otherProgress - seq <= settings.limits().maxSeqAhead()
                || now - otherArrival <= grace && waited > grace
                || p != null && absent(p, missingAudio, now)
                || waited > settings.maxWait().toMillis();
    }

    /**
     * Whether a participant's stream of the modality stopped while the modality still flows for
     * others and its other stream arrives: none of it within the grace period, for a participant
     * seen for longer than that (a participant who muted or turned the camera off, where the
     * producer does not say so). Its slots then go on at once. A stall of the modality's partition
     * stops it for every participant, so a stall never looks like this.
     */
    private boolean absent(Progress p, boolean audio, long now) {
        long grace = settings.grace().toMillis();
        long lastMissing = audio ? p.audioMs : p.videoMs;
        long lastPresent = audio ? p.videoMs : p.audioMs;
        long othersMissing = audio ? lastAudioArrival : lastVideoArrival;
        return now - p.firstMs > grace && now - lastPresent <= grace && now - lastMissing > grace
                && now - othersMissing <= grace;
    }

    private void emit(String slotKey, PendingSlot slot, long now, long timestamp) {
        Set<QualityFlag> flags = EnumSet.noneOf(QualityFlag.class);
        AudioChunk audio = slot.audio() == null ? null : audioSerde.deserialize(null, slot.audio());
        VideoChunk video = slot.video() == null ? null : videoSerde.deserialize(null, slot.video());
        if (audio == null) {
            flags.add(QualityFlag.AUDIO_MISSING);
            counters.audioMissing.increment();
        }
        if (video == null) {
            flags.add(QualityFlag.VIDEO_MISSING);
            counters.videoMissing.increment();
        }
        counters.emitted.increment();
        store.put(slotKey, slot.emittedAt(now));
        SlotKey slotOf = SlotKey.parse(slotKey);
        String key = slotOf.participant();
        context.forward(new Record<>(key, new SyncedChunk(key, slotOf.seq(), audio, video, flags, slot.audioFrom(),
                slot.videoFrom()), timestamp), SYNCED);
    }

    private void progress(boolean audio, String key, long seq, long now) {
        Progress p = progress.computeIfAbsent(key, k -> new Progress(now));
        if (audio) {
            p.audio = Math.max(p.audio, seq);
            p.audioMs = now;
            lastAudioArrival = now;
        } else {
            p.video = Math.max(p.video, seq);
            p.videoMs = now;
            lastVideoArrival = now;
        }
    }

    private void deadLetter(Record<String, SpecificRecord> record, Provenance from, String stage, String reason,
                            long now) {
        byte[] value = record.value() instanceof AudioChunk a ? audioSerde.serialize(null, a)
                : record.value() instanceof VideoChunk v ? videoSerde.serialize(null, v) : null;
        DeadLetter letter = DeadLetter.of(from, record.key(), value, record.timestamp());
        context.forward(new Record<>(letter.dlqKey(), letter.refused(stage, reason, null, now, context.applicationId()),
                record.timestamp()), DLQ);
    }

    static String slotKey(String participantKey, long seq) {
        return new SlotKey(participantKey, seq).encode();
    }
}
