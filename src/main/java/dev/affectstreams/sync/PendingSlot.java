package dev.affectstreams.sync;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.affectstreams.kafka.NullableBytes;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A slot in the synchronizer's store: the serialized audio and video chunks seen so far,
 * when the first arrived, and whether the slot has been emitted (kept a while after, to drop
 * duplicates and recognise late chunks).
 */
record PendingSlot(byte[] audio, byte[] video, long firstSeenMs, long emittedAtMs) {

    boolean emitted() {
        return emittedAtMs >= 0;
    }

    PendingSlot withAudio(byte[] bytes) {
        return new PendingSlot(bytes, video, firstSeenMs, emittedAtMs);
    }

    PendingSlot withVideo(byte[] bytes) {
        return new PendingSlot(audio, bytes, firstSeenMs, emittedAtMs);
    }

    /** Emitted: the payloads are no longer needed, only which modalities came. */
    PendingSlot emittedAt(long now) {
        return new PendingSlot(audio == null ? null : new byte[0], video == null ? null : new byte[0], firstSeenMs, now);
    }

    static Serde<PendingSlot> serde() {
        Serializer<PendingSlot> ser = (topic, slot) -> {
            if (slot == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(1);
                NullableBytes.write(out, slot.audio);
                NullableBytes.write(out, slot.video);
                out.writeLong(slot.firstSeenMs);
                out.writeLong(slot.emittedAtMs);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        };
        Deserializer<PendingSlot> de = (topic, data) -> {
            if (data == null) {
                return null;
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                in.readByte();
                return new PendingSlot(NullableBytes.read(in), NullableBytes.read(in), in.readLong(), in.readLong());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return Serdes.serdeFrom(ser, de);
    }
}
