package dev.affectstreams.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.kafka.AvroSerde;
import dev.affectstreams.kafka.Provenance;
import dev.affectstreams.sync.SlotKey;
import dev.affectstreams.sync.SyncedChunk;
import dev.affectstreams.testing.SampleRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchQueueTest {

    private KeyValueStore<String, byte[]> store;
    private BatchQueue queue;

    @BeforeEach
    void setUp() {
        MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(InferenceProcessor.PENDING), Serdes.String(),
                Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        queue = new BatchQueue(store, 3, AvroSerde.of(AudioChunk.class), AvroSerde.of(VideoChunk.class));
    }

    private static SyncedChunk chunk(String key, long seq) {
        return new SyncedChunk(key, seq, SampleRecords.audio(), SampleRecords.video(), Set.of(),
                new Provenance("av.audio", 1, 10 + seq), new Provenance("av.video", 2, 20 + seq));
    }

    @Test
    void shouldSayWhenABatchIsDueAndCountAgainAfterADrain() {
        assertThat(queue.add(chunk("c/a", 1), 0)).isFalse();
        assertThat(queue.add(chunk("c/b", 1), 0)).isFalse();
        assertThat(queue.add(chunk("c/a", 2), 0)).isTrue();
        queue.drain((k, v, e) -> { });
        assertThat(queue.add(chunk("c/a", 3), 0)).isFalse();
    }

    @Test
    void shouldDrainEveryChunkOnceInSlotOrderWithItsProvenance() {
        queue.add(chunk("c/a", 10), 0);
        queue.add(chunk("c/a", 9), 0);
        queue.add(chunk("c/b", 1), 0);
        List<SyncedChunk> drained = queue.drain((k, v, e) -> { });
        assertThat(drained).extracting(c -> c.key() + "#" + c.seq()).containsExactly("c/a#9", "c/a#10", "c/b#1");
        assertThat(drained.get(0).audioFrom()).isEqualTo(new Provenance("av.audio", 1, 19));
        assertThat(drained.get(0).videoFrom()).isEqualTo(new Provenance("av.video", 2, 29));
        assertThat(store.approximateNumEntries()).isZero();
        assertThat(queue.drain((k, v, e) -> { })).isEmpty();
    }

    @Test
    void shouldMeasureTheWaitOfTheOldestChunkUntilTheDrain() {
        assertThat(queue.oldestWaitMs(1_000)).isEqualTo(-1);
        queue.add(chunk("c/a", 1), 1_000);
        queue.add(chunk("c/b", 1), 1_150);
        assertThat(queue.oldestWaitMs(1_200)).isEqualTo(200);
        queue.drain((k, v, e) -> { });
        assertThat(queue.oldestWaitMs(1_300)).isEqualTo(-1);
        queue.add(chunk("c/a", 2), 1_400);
        assertThat(queue.oldestWaitMs(1_450)).isEqualTo(50);
    }

    @Test
    void shouldHandAnUnreadableEntryOverOnceAndDrainTheRest() {
        queue.add(chunk("c/a", 1), 0);
        store.put(new SlotKey("c/z", 4).encode(), new byte[] {9, 9, 9});
        List<String> unreadable = new ArrayList<>();
        List<SyncedChunk> drained = queue.drain((key, stored, cause) -> unreadable.add(key + ":" + stored.length));
        assertThat(drained).extracting(SyncedChunk::key).containsExactly("c/a");
        assertThat(unreadable).containsExactly("c/z:3");
        assertThat(store.get(new SlotKey("c/z", 4).encode())).isNull();
    }
}
