package dev.affectstreams.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.avro.ErrorRecord;
import dev.affectstreams.kafka.DeadLetterCounts.Kind;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class DeadLetterCountsTest {

    private static ErrorRecord refused(String stage, Throwable cause) {
        return DeadLetter.of(Provenance.UNKNOWN, "c/p", new byte[] {1}, 0).refused(stage, "why", cause, 0, "app");
    }

    @Test
    void shouldCountByStageAndReasonClassAsTheSerializerWritesEach() {
        DeadLetterCounts counts = new DeadLetterCounts();
        var serializer = counts.counting(AvroSerde.of(ErrorRecord.class));
        serializer.serialize("dlq", refused("sync", null));
        serializer.serialize("dlq", refused("sync", null));
        serializer.serialize("dlq", refused("inference", new IllegalStateException("no")));
        serializer.serialize("dlq", null);
        assertThat(counts.snapshot()).containsExactly(
                Map.entry(new Kind("inference", "IllegalStateException"), 1L),
                Map.entry(new Kind("sync", DeadLetterCounts.RULE), 2L));
        assertThat(counts.total()).isEqualTo(3);
    }

    @Test
    void shouldNameWhatWasWrongWithAnUndecodableRecord() {
        DeadLetterCounts counts = new DeadLetterCounts();
        var cause = new RecordDecodingException(RecordDecodingException.Reason.UNKNOWN_SCHEMA, "unknown", null);
        counts.count(refused("deserialize", cause), cause);
        assertThat(counts.snapshot()).containsOnlyKeys(new Kind("deserialize", "unknown_schema"));
    }

    @Test
    void shouldTellAListenerOfKindsCountedBeforeAndAfterItCame() {
        DeadLetterCounts counts = new DeadLetterCounts();
        counts.count(refused("labels", null));
        Map<Kind, LongAdder> seen = new LinkedHashMap<>();
        counts.onNewKind(seen::put);
        counts.count(refused("labels", null));
        counts.count(refused("preprocess", new IOException("bad jpeg")));
        assertThat(seen.keySet()).containsExactly(new Kind("labels", "rule"), new Kind("preprocess", "IOException"));
        assertThat(seen.get(new Kind("labels", "rule")).sum()).as("the live count").isEqualTo(2);
    }

    @Test
    void shouldUseTheSimpleNameOfNestedClasses() {
        assertThat(DeadLetterCounts.reasonClass("dev.affectstreams.inference.ChunkDecoder$InvalidChunkException"))
                .isEqualTo("InvalidChunkException");
        assertThat(DeadLetterCounts.reasonClass(null)).isEqualTo("rule");
    }
}
