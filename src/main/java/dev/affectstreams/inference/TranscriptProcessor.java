package dev.affectstreams.inference;

import dev.affectstreams.avro.TranscriptSegment;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each participant's transcript so far (the last {@link #MAX_CHARS} characters) from the
 * captions on {@code av.text}, in a changelogged store the inference processor reads. Only
 * final segments count; a segment that does not start after the last one kept (a repeat, or
 * one out of order) is ignored, so a replay does not repeat words.
 */
public final class TranscriptProcessor implements Processor<String, TranscriptSegment, Void, Void> {

    public static final String NAME = "transcripts";
    public static final String STORE = "transcripts";
    static final int MAX_CHARS = 2_000;

    private KeyValueStore<String, String> transcripts;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.transcripts = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, TranscriptSegment> record) {
        TranscriptSegment s = record.value();
        if (s == null || !s.getIsFinal() || s.getText().isBlank()) {
            return;
        }
        String key = s.getCallId() + "/" + s.getParticipantId();
        Transcript before = Transcript.decode(transcripts.get(key));
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
