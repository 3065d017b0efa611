package dev.affectstreams.model.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.avro.BackboneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptCacheTest {

    /** The built-in, recording what it is asked to encode. */
    private static final class Recording implements TextBackbone {
        final List<List<String>> calls = new ArrayList<>();
        final HashedNgramText inner = new HashedNgramText(32);

        @Override
        public BackboneId id() {
            return inner.id();
        }

        @Override
        public int outputDim() {
            return inner.outputDim();
        }

        @Override
        public float[][] embed(List<String> transcripts) {
            calls.add(List.copyOf(transcripts));
            return inner.embed(transcripts);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void shouldEncodeEachTranscriptOnceAndGiveTheSameFeatures() {
        Recording backbone = new Recording();
        TranscriptCache cache = new TranscriptCache(backbone, 8);

        float[][] first = cache.embed(List.of("hello there", "hello there", "good morning"));
        float[][] second = cache.embed(List.of("good morning", "hello there how are you"));

        assertThat(backbone.calls).containsExactly(List.of("hello there", "good morning"),
                List.of("hello there how are you"));
        assertThat(first[0]).containsExactly(backbone.inner.embed("hello there")).containsExactly(first[1]);
        assertThat(second[0]).containsExactly(first[2]);
        assertThat(second[1]).containsExactly(backbone.inner.embed("hello there how are you"));
        assertThat(cache.hits()).isEqualTo(2);
        assertThat(cache.misses()).isEqualTo(3);
    }

    @Test
    void shouldDropTheLeastRecentlyUsedBeyondItsCapacity() {
        Recording backbone = new Recording();
        TranscriptCache cache = new TranscriptCache(backbone, 2);
        cache.embed(List.of("a"));
        cache.embed(List.of("b"));
        cache.embed(List.of("a"));
        cache.embed(List.of("c")); // drops b, the least recently used

        cache.embed(List.of("a", "b"));

        assertThat(backbone.calls).containsExactly(List.of("a"), List.of("b"), List.of("c"), List.of("b"));
    }

    @Test
    void shouldNotLetACallerChangeWhatIsCached() {
        TranscriptCache cache = new TranscriptCache(new Recording(), 4);
        float[] v = cache.embed(List.of("so happy"))[0];
        float before = v[0];
        v[0] = 99f;

        assertThat(cache.embed(List.of("so happy"))[0][0]).isEqualTo(before);
    }
}
