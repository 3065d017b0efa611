package dev.affectstreams.sync;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.ErrorRecord;
import dev.affectstreams.avro.QualityFlag;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.kafka.AvroSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Joins a participant's audio and video of the same slot (key, seq). A slot is emitted as soon
 * as both have arrived, or without the missing one under the rules of {@link SyncSettings}.
 * Pending slots live in a changelogged store, so a restart loses nothing; duplicates are
 * dropped; chunks for a slot already emitted without them go to the dead-letter topic as late.
 */
public final class ChunkSyncProcessor implements Processor<String, SpecificRecord, Object, Object> {

    public static final String STORE = "sync-pending";
    public static final String SYNCED = "synced";
    public static final String DLQ = "sync-dlq";

    private final SyncSettings settings;
    private final AvroSerde<AudioChunk> audioSerde = AvroSerde.of(AudioChunk.class);
    private final AvroSerde<VideoChunk> videoSerde = AvroSerde.of(VideoChunk.class);
    private final Map<String, Long> audioProgress = new HashMap<>();
    private final Map<String, Long> videoProgress = new HashMap<>();
    private long lastAudioArrival = Long.MIN_VALUE / 2;
    private long lastVideoArrival = Long.MIN_VALUE / 2;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, PendingSlot> store;
    private final SyncCounters counters;

    public ChunkSyncProcessor(SyncSettings settings, SyncCounters counters) {
        this.settings = settings;
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
        boolean isAudio = record.value() instanceof AudioChunk;
        long seq = isAudio ? ((AudioChunk) record.value()).getSeq() : ((VideoChunk) record.value()).getSeq();
        String expectedKey = isAudio
                ? ((AudioChunk) record.value()).getCallId() + "/" + ((AudioChunk) record.value()).getParticipantId()
                : ((VideoChunk) record.value()).getCallId() + "/" + ((VideoChunk) record.value()).getParticipantId();
        if (!expectedKey.equals(record.key()) || seq < 0) {
            deadLetter(record, "validate", "key " + record.key() + " and chunk (" + expectedKey + ", seq " + seq
                    + ") disagree or seq is negative", now);
            return;
        }
        progress(isAudio, record.key(), seq, now);
        String slotKey = slotKey(record.key(), seq);
        PendingSlot slot = store.get(slotKey);
        if (slot == null) {
            slot = new PendingSlot(null, null, now, -1);
        }
        boolean already = isAudio ? slot.audio() != null : slot.video() != null;
        if (already) {
            counters.duplicates++;
            return;
        }
        if (slot.emitted()) {
            counters.late++;
            deadLetter(record, "sync", (isAudio ? "audio" : "video") + " of slot " + seq
                    + " arrived after the slot went on without it", now);
            return;
        }
        byte[] bytes = isAudio ? audioSerde.serialize(null, (AudioChunk) record.value())
                : videoSerde.serialize(null, (VideoChunk) record.value());
        slot = isAudio ? slot.withAudio(bytes) : slot.withVideo(bytes);
        if (slot.audio() != null && slot.video() != null) {
            emit(slotKey, slot, now, record.timestamp());
        } else {
            store.put(slotKey, slot);
        }
    }

    private void punctuate(long now) {
        List<KeyValue<String, PendingSlot>> due = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, PendingSlot> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, PendingSlot> entry = it.next();
                PendingSlot slot = entry.value;
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
    }

    private boolean givenUp(String slotKey, PendingSlot slot, long now) {
        boolean missingAudio = slot.audio() == null;
        String key = participant(slotKey);
        long seq = seq(slotKey);
        Long otherProgress = (missingAudio ? audioProgress : videoProgress).get(key);
        long otherArrival = missingAudio ? lastAudioArrival : lastVideoArrival;
        long waited = now - slot.firstSeenMs();
        return otherProgress != null && otherProgress >= seq + settings.lagChunks()
                || now - otherArrival <= settings.grace().toMillis() && waited > settings.grace().toMillis()
                || waited > settings.maxWait().toMillis();
    }

    private void emit(String slotKey, PendingSlot slot, long now, long timestamp) {
        Set<QualityFlag> flags = EnumSet.noneOf(QualityFlag.class);
        AudioChunk audio = slot.audio() == null ? null : audioSerde.deserialize(null, slot.audio());
        VideoChunk video = slot.video() == null ? null : videoSerde.deserialize(null, slot.video());
        if (audio == null) {
            flags.add(QualityFlag.AUDIO_MISSING);
            counters.audioMissing++;
        }
        if (video == null) {
            flags.add(QualityFlag.VIDEO_MISSING);
            counters.videoMissing++;
        }
        counters.emitted++;
        store.put(slotKey, slot.emittedAt(now));
        String key = participant(slotKey);
        context.forward(new Record<>(key, new SyncedChunk(key, seq(slotKey), audio, video, flags), timestamp), SYNCED);
    }

    private void progress(boolean audio, String key, long seq, long now) {
        (audio ? audioProgress : videoProgress).merge(key, seq, Math::max);
        if (audio) {
            lastAudioArrival = now;
        } else {
            lastVideoArrival = now;
        }
    }

    private void deadLetter(Record<String, SpecificRecord> record, String stage, String reason, long now) {
        byte[] value = record.value() instanceof AudioChunk a ? audioSerde.serialize(null, a)
                : videoSerde.serialize(null, (VideoChunk) record.value());
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        var meta = context.recordMetadata();
        ErrorRecord error = ErrorRecord.newBuilder()
                .setSourceTopic(meta.map(m -> m.topic()).orElse("unknown"))
                .setSourcePartition(meta.map(m -> m.partition()).orElse(-1))
                .setSourceOffset(meta.map(m -> m.offset()).orElse(-1L))
                .setStage(stage).setReason(reason).setOriginalKey(key == null ? null : ByteBuffer.wrap(key))
                .setOriginalValue(ByteBuffer.wrap(value)).setOriginalTimestamp(Instant.ofEpochMilli(record.timestamp()))
                .setOccurredAt(Instant.ofEpochMilli(now)).setApplicationId(context.applicationId()).build();
        context.forward(new Record<>(key == null ? null : Bytes.wrap(key), error, record.timestamp()), DLQ);
    }

    static String slotKey(String participantKey, long seq) {
        return participantKey + "|" + String.format("%019d", seq);
    }

    static String participant(String slotKey) {
        return slotKey.substring(0, slotKey.lastIndexOf('|'));
    }

    static long seq(String slotKey) {
        return Long.parseLong(slotKey.substring(slotKey.lastIndexOf('|') + 1));
    }
}
