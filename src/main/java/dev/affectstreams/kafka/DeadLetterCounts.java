package dev.affectstreams.kafka;

import dev.affectstreams.avro.ErrorRecord;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Dead letters written by one process, by the stage that refused the input and the class of the
 * reason: for undecodable records what was wrong ({@code bad_header}, {@code unknown_schema},
 * {@code corrupt_body}), otherwise the simple name of the exception behind the refusal, or
 * {@value #RULE} where a check refused the input without one (a late chunk, an oversized frame). Counted as each dead letter
 * is serialized for the dead-letter topic, so every writer counts the same way; a record
 * written again after an aborted transaction is counted again. Safe across threads.
 */
public final class DeadLetterCounts {

    /** The reason class of a refusal made by a check, without an exception. */
    public static final String RULE = "rule";

    /** What a dead letter is counted by. */
    public record Kind(String stage, String reasonClass) implements Comparable<Kind> {
        @Override
        public int compareTo(Kind o) {
            int c = stage.compareTo(o.stage);
            return c != 0 ? c : reasonClass.compareTo(o.reasonClass);
        }
    }

    private final Map<Kind, LongAdder> counts = new ConcurrentHashMap<>();
    private volatile BiConsumer<Kind, LongAdder> onNewKind = (kind, count) -> { };

    /** Counts one dead letter, its reason class read from its exception's class. */
    public void count(ErrorRecord error) {
        count(error.getStage(), reasonClass(error.getErrorClass()));
    }

    /** Counts one dead letter of a record that could not be decoded. */
    public void count(ErrorRecord error, Throwable cause) {
        count(error.getStage(), cause instanceof RecordDecodingException d ? d.reason().name().toLowerCase(Locale.ROOT)
                : reasonClass(error.getErrorClass()));
    }

    private void count(String stage, String reasonClass) {
        Kind kind = new Kind(stage, reasonClass);
        LongAdder count = counts.get(kind);
        if (count == null) {
            synchronized (this) {
                count = counts.get(kind);
                if (count == null) {
                    count = new LongAdder();
                    counts.put(kind, count);
                    onNewKind.accept(kind, count);
                }
            }
        }
        count.increment();
    }

    /** The simple class name of {@code errorClass} (a binary name), or {@value #RULE} for none. */
    static String reasonClass(String errorClass) {
        if (errorClass == null || errorClass.isBlank()) {
            return RULE;
        }
        String simple = errorClass.substring(errorClass.lastIndexOf('.') + 1);
        return simple.substring(simple.lastIndexOf('$') + 1);
    }

    /**
     * Calls {@code listener} for every kind counted so far and then for each new kind as it first
     * appears, with its live count (a metrics registry registers one counter per kind).
     */
    public synchronized void onNewKind(BiConsumer<Kind, LongAdder> listener) {
        counts.forEach(listener);
        this.onNewKind = listener;
    }

    /** The counts so far, in order of kind. */
    public Map<Kind, Long> snapshot() {
        Map<Kind, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** The total so far. */
    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** A serializer of dead letters that counts each one it writes. */
    public Serializer<ErrorRecord> counting(Serializer<ErrorRecord> serializer) {
        return new Serializer<>() {
            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {
                serializer.configure(configs, isKey);
            }

            @Override
            public byte[] serialize(String topic, ErrorRecord error) {
                byte[] bytes = serializer.serialize(topic, error);
                if (error != null) {
                    count(error);
                }
                return bytes;
            }

            @Override
            public void close() {
                serializer.close();
            }
        };
    }
}
