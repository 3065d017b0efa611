package dev.affectstreams.inference;

import dev.affectstreams.avro.TranscriptSegment;
import dev.affectstreams.kafka.AvroSerde;
import dev.affectstreams.kafka.DeadLetter;
import dev.affectstreams.kafka.Provenance;
import dev.affectstreams.sync.ChunkChecks;
import dev.affectstreams.sync.InputLimits;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each participant's transcript so far (the last {@link #MAX_CHARS} characters) from the
 * captions on {@code av.text}, in a changelogged store the inference processor reads. Only
 * final segments count; a segment that does not start after the last one kept (a repeat, or
 * one out of order) is ignored, so a replay does not repeat words. A segment without a key or
 * value, whose ids disagree with its key, or longer than {@code limits.text.max.chars} goes to
 * the dead-letter topic (stage "validate").
 */
public final class TranscriptProcessor implements Processor<String, TranscriptSegment, Object, Object> {

    public static final String NAME = "transcripts";
    public static final String STORE = "transcripts";
    public static final String DLQ = "transcripts-dlq";
    static final int MAX_CHARS = 2_000;

    private final ChunkChecks checks;
    private final AvroSerde<TranscriptSegment> serde = AvroSerde.of(TranscriptSegment.class);
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, String> transcripts;

    public TranscriptProcessor(InputLimits limits) {
        this.checks = new ChunkChecks(limits);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.transcripts = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, TranscriptSegment> record) {
        TranscriptSegment s = record.value();
        Optional<String> refusal = record.key() == null ? Optional.of("a caption without a key")
                : s == null ? Optional.of("a null value (tombstone) on av.text is not a caption")
                : checks.text(record.key(), s.getCallId(), s.getParticipantId(), s.getSeq(), s.getText());
        if (refusal.isPresent()) {
            deadLetter(record, refusal.get());
            return;
        }
        if (!s.getIsFinal() || s.getText().isBlank()) {
            return;
        }
        String key = record.key();
        Transcript before;
        try {
            before = Transcript.decode(transcripts.get(key));
        } catch (RuntimeException e) {
            before = null; // unreadable: the transcript starts again
        }
        long start = s.getStart().toEpochMilli();
        if (before != null && start <= before.lastStartMs()) {
            return;
        }
        String text = before == null ? s.getText().strip() : before.text() + " " + s.getText().strip();
        if (text.length() > MAX_CHARS) {
            text = text.substring(text.length() - MAX_CHARS);
        }
        transcripts.put(key, new Transcript(start, text).encode());
    }

    private void deadLetter(Record<String, TranscriptSegment> record, String reason) {
        long now = context.currentSystemTimeMs();
        Provenance from = Provenance.of(context.recordMetadata());
        byte[] value = record.value() == null ? null : serde.serialize(null, record.value());
        DeadLetter letter = DeadLetter.of(from, record.key(), value, record.timestamp());
        context.forward(new Record<>(letter.dlqKey(), letter.refused("validate", reason, null, now,
                context.applicationId()), now), DLQ);
    }

    /** The stored form: the start of the last segment kept, and the text so far. */
    record Transcript(long lastStartMs, String text) {

        String encode() {
            return lastStartMs + "|" + text;
        }

        static Transcript decode(String stored) {
            if (stored == null) {
                return null;
            }
            int bar = stored.indexOf('|');
            return new Transcript(Long.parseLong(stored.substring(0, bar)), stored.substring(bar + 1));
        }
    }
}
