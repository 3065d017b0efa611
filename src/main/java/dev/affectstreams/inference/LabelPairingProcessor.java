package dev.affectstreams.inference;

import dev.affectstreams.avro.ConsentRecord;
import dev.affectstreams.avro.LabelFeedback;
import dev.affectstreams.avro.TrainingSample;
import dev.affectstreams.events.ConsentStoreUpdater;
import dev.affectstreams.kafka.AvroSerde;
import dev.affectstreams.kafka.DeadLetter;
import dev.affectstreams.kafka.Provenance;
import dev.affectstreams.model.LabelSet;
import dev.affectstreams.sync.ChunkChecks;
import dev.affectstreams.sync.SlotKey;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Pairs {@code labels.feedback} with the features of the chunk they describe (same participant
 * key and slot), in either order of arrival, and sends the labelled sample to
 * {@code ssl.samples}. Both sides wait in changelogged stores for the retention; a label whose
 * chunk never shows up within it goes to the dead-letter topic (stage "labels"). Labels of an
 * unknown label set are dead-lettered at once; labels of participants without retraining
 * consent are dropped and counted. Labels and chunks must be co-partitioned (same key, same
 * partition count).
 */
public final class LabelPairingProcessor implements Processor<String, Object, Object, Object> {

    public static final String NAME = "label-pairing";
    public static final String FEATURES_STORE = "label-features";
    public static final String LABELS_STORE = "label-waiting";
    public static final String SAMPLES = "labelled-samples";
    public static final String DLQ = "labels-dlq";

    private final Duration retention;
    private final EventRules rules;
    private final String labelsTopic;
    private final AvroSerde<TrainingSample> samples = AvroSerde.of(TrainingSample.class);
    private final AvroSerde<LabelFeedback> labels = AvroSerde.of(LabelFeedback.class);
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, byte[]> features;
    private KeyValueStore<String, byte[]> waiting;
    private ReadOnlyKeyValueStore<String, ConsentRecord> consent;

    public LabelPairingProcessor(Duration retention, EventRules rules, String labelsTopic) {
        this.retention = retention;
        this.rules = rules;
        this.labelsTopic = labelsTopic;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.features = context.getStateStore(FEATURES_STORE);
        this.waiting = context.getStateStore(LABELS_STORE);
        this.consent = context.getStateStore(ConsentStoreUpdater.STORE);
        Duration every = Duration.ofMillis(Math.max(1_000, retention.toMillis() / 10));
        context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, Object> record) {
        long now = context.currentSystemTimeMs();
        if (record.value() instanceof TrainingSample sample) {
            String slot = slot(record.key(), sample.getSeq());
            byte[] label = waiting.get(slot);
            if (label != null) {
                waiting.delete(slot);
                pair(record.key(), sample, labels.deserialize(null, body(label)), now);
            }
            features.put(slot, stamped(now, samples.serialize(null, sample)));
        } else if (record.value() instanceof LabelFeedback label && record.key() != null) {
            onLabel(record.key(), label, now);
        } else {
            deadLetter(record.key(), record.value() instanceof LabelFeedback l ? l : null,
                    record.key() == null ? "a label without a key; labels are keyed callId/participantId"
                            : "a null value (tombstone) on " + labelsTopic + " is not a label", now);
        }
    }

    private void onLabel(String key, LabelFeedback label, long now) {
        String expectedKey = label.getCallId() + "/" + label.getParticipantId();
        try {
            LabelSet set = LabelSet.byId(label.getLabelSet());
            if (!key.equals(expectedKey)) {
                throw new IllegalArgumentException("key " + key + " does not match the label's participant "
                        + expectedKey);
            }
            set.target(label.getLabels());
            if (label.getLabels().values().stream().anyMatch(v -> v == null || !Float.isFinite(v) || v < 0)) {
                throw new IllegalArgumentException("intensities must be finite and not negative: " + label.getLabels());
            }
            var slot = ChunkChecks.slot(label.getSeq());
            if (slot.isPresent()) {
                throw new IllegalArgumentException(slot.get());
            }
        } catch (IllegalArgumentException e) {
            deadLetter(key, label, "invalid labels: " + e.getMessage(), now);
            return;
        }
        if (!rules.consent().retraining(consent.get(key))) {
            rules.counters().noConsent.incrementAndGet();
            return;
        }
        String slot = slot(key, label.getSeq());
        byte[] stored = features.get(slot);
        if (stored != null) {
            pair(key, samples.deserialize(null, body(stored)), label, now);
        } else {
            waiting.put(slot, stamped(now, labels.serialize(null, label)));
        }
    }

    private void pair(String key, TrainingSample sample, LabelFeedback label, long now) {
        TrainingSample labelled = TrainingSample.newBuilder(sample).setLabelSet(label.getLabelSet())
                .setLabels(Map.copyOf(label.getLabels())).build();
        rules.counters().labelsPaired.incrementAndGet();
        context.forward(new Record<>(key, labelled, now), SAMPLES);
    }

    /**
     * Drops features past the retention or of participants who withdrew their consent to
     * retraining, and dead-letters labels that waited past the retention.
     */
    private void expire(long now) {
        long cutoff = now - retention.toMillis();
        for (KeyValue<String, byte[]> old : matching(features, e -> stampOf(e.value) < cutoff
                || !rules.consent().retraining(consent.get(SlotKey.participantOf(e.key))))) {
            features.delete(old.key);
        }
        for (KeyValue<String, byte[]> old : matching(waiting, e -> stampOf(e.value) < cutoff)) {
            waiting.delete(old.key);
            rules.counters().labelsUnpaired.incrementAndGet();
            SlotKey slot = SlotKey.parse(old.key);
            String key = slot.participant();
            LabelFeedback label;
            try {
                label = labels.deserialize(null, body(old.value));
            } catch (RuntimeException e) {
                label = null;
            }
            deadLetter(key, label, "no features of slot " + slot.seq()
                    + " arrived within " + retention + " (chunk never processed, without consent, "
                    + "or older than labels.retention)", now);
        }
    }

    /** When an entry was stored; an unreadable entry counts as infinitely old, so it is removed. */
    private static long stampOf(byte[] stamped) {
        return stamped == null || stamped.length < 8 ? Long.MIN_VALUE : ByteBuffer.wrap(stamped).getLong();
    }

    private static List<KeyValue<String, byte[]>> matching(KeyValueStore<String, byte[]> store,
                                                           Predicate<KeyValue<String, byte[]>> p) {
        List<KeyValue<String, byte[]>> found = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> e = it.next();
                if (p.test(e)) {
                    found.add(e);
                }
            }
        }
        return found;
    }

    private void deadLetter(String key, LabelFeedback label, String reason, long now) {
        var meta = context.recordMetadata();
        Provenance from = new Provenance(labelsTopic, meta.map(m -> m.partition()).orElse(-1),
                meta.map(m -> m.offset()).orElse(-1L));
        DeadLetter letter = DeadLetter.of(from, key, label == null ? null : labels.serialize(null, label),
                label == null ? now : label.getCreatedAt().toEpochMilli());
        context.forward(new Record<>(letter.dlqKey(), letter.refused("labels", reason, null, now,
                context.applicationId()), now), DLQ);
    }

    private static String slot(String key, long seq) {
        return new SlotKey(key, seq).encode();
    }

    private static byte[] stamped(long now, byte[] body) {
        return ByteBuffer.allocate(8 + body.length).putLong(now).put(body).array();
    }

    private static byte[] body(byte[] stamped) {
        return Arrays.copyOfRange(stamped, 8, stamped.length);
    }
}
