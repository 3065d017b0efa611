package dev.affectstreams.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.kafka.Provenance;
import org.junit.jupiter.api.Test;

/** The synchronizer's stored slots: read back as written, and bytes that are no slot never fail a read. */
class PendingSlotTest {

    @Test
    void shouldReadBackWhatItWroteWithItsProvenance() {
        var serde = PendingSlot.serde();
        PendingSlot slot = PendingSlot.empty(5).withAudio(new byte[] {1, 2}, new Provenance("av.audio", 3, 42));

        PendingSlot read = serde.deserializer().deserialize(null, serde.serializer().serialize(null, slot));

        assertThat(read.audio()).containsExactly(1, 2);
        assertThat(read.audioFrom()).isEqualTo(new Provenance("av.audio", 3, 42));
        assertThat(read.unreadable()).isFalse();
    }

    @Test
    void shouldReadBytesThatAreNoSlotAsAnEmittedSlotTheExpiryRemoves() {
        PendingSlot read = PendingSlot.serde().deserializer().deserialize(null, new byte[] {2, 0, 0, 0, 9});

        assertThat(read.unreadable()).isTrue();
        assertThat(read.emitted()).isTrue();
        assertThat(read.emittedAtMs()).isZero();
    }
}
