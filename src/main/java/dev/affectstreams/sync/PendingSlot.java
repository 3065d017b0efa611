package dev.affectstreams.sync;

import dev.affectstreams.kafka.NullableBytes;
import dev.affectstreams.kafka.Provenance;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A slot in the synchronizer's store: the serialized audio and video chunks seen so far with
 * where each was read, when the first arrived, and whether the slot has been emitted (kept a
 * while after, to drop duplicates and recognise late chunks).
 */
record PendingSlot(byte[] audio, byte[] video, Provenance audioFrom, Provenance videoFrom, long firstSeenMs,
                   long emittedAtMs) {

    private static final byte FORMAT = 2;

    /**
     * What bytes that are no pending slot read as: a slot emitted at time 0, so the synchronizer
     * takes it for nothing and the next expiry removes it, instead of every read failing.
     */
    static final PendingSlot UNREADABLE = new PendingSlot(null, null, Provenance.UNKNOWN, Provenance.UNKNOWN, 0, 0);

    boolean unreadable() {
        return this == UNREADABLE;
    }

    static PendingSlot empty(long now) {
        return new PendingSlot(null, null, Provenance.UNKNOWN, Provenance.UNKNOWN, now, -1);
    }

    boolean emitted() {
        return emittedAtMs >= 0;
    }

    PendingSlot withAudio(byte[] bytes, Provenance from) {
        return new PendingSlot(bytes, video, from, videoFrom, firstSeenMs, emittedAtMs);
    }

    PendingSlot withVideo(byte[] bytes, Provenance from) {
        return new PendingSlot(audio, bytes, audioFrom, from, firstSeenMs, emittedAtMs);
    }

    /** Emitted: the payloads are no longer needed, only which modalities came. */
    PendingSlot emittedAt(long now) {
        return new PendingSlot(audio == null ? null : new byte[0], video == null ? null : new byte[0], audioFrom,
                videoFrom, firstSeenMs, now);
    }

    static Serde<PendingSlot> serde() {
        Serializer<PendingSlot> ser = (topic, slot) -> slot == null ? null : encode(slot);
        Deserializer<PendingSlot> de = (topic, data) -> data == null ? null : decode(data);
        return Serdes.serdeFrom(ser, de);
    }

    private static byte[] encode(PendingSlot slot) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            NullableBytes.write(out, slot.audio);
            NullableBytes.write(out, slot.video);
            out.writeLong(slot.firstSeenMs);
            out.writeLong(slot.emittedAtMs);
            slot.audioFrom.write(out);
            slot.videoFrom.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Format 1 (no provenance) and 2; anything else reads as {@link #UNREADABLE}. */
    private static PendingSlot decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte format = in.readByte();
            if (format != 1 && format != FORMAT) {
                throw new IOException("unknown pending-slot format " + format);
            }
            byte[] audio = NullableBytes.read(in);
            byte[] video = NullableBytes.read(in);
            long first = in.readLong();
            long emitted = in.readLong();
            Provenance a = format == 1 ? Provenance.UNKNOWN : Provenance.read(in);
            Provenance v = format == 1 ? Provenance.UNKNOWN : Provenance.read(in);
            return new PendingSlot(audio, video, a, v, first, emitted);
        } catch (IOException e) {
            return UNREADABLE;
        }
    }
}
