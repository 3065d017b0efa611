package dev.affectstreams.inference;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.QualityFlag;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.kafka.AvroSerde;
import dev.affectstreams.kafka.NullableBytes;
import dev.affectstreams.kafka.Provenance;
import dev.affectstreams.sync.SlotKey;
import dev.affectstreams.sync.SyncedChunk;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * A synced chunk as bytes in the inference store: a format marker, flags, the audio and video
 * records (single-object encoded), then where each was read. Format 1 (no marker, no
 * provenance) is still read. Bytes that are not such a chunk fail with an exception.
 */
final class PendingChunkCodec {

    /** Written where format 1 had the (never negative) flag count. */
    private static final int FORMAT_2 = -2;

    private PendingChunkCodec() {
    }

    static byte[] encode(SyncedChunk c, AvroSerde<AudioChunk> audio, AvroSerde<VideoChunk> video) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT_2);
            out.writeInt(c.flags().size());
            for (QualityFlag f : c.flags()) {
                out.writeUTF(f.name());
            }
            NullableBytes.write(out, c.audio() == null ? null : audio.serialize(null, c.audio()));
            NullableBytes.write(out, c.video() == null ? null : video.serialize(null, c.video()));
            c.audioFrom().write(out);
            c.videoFrom().write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static SyncedChunk decode(String storeKey, byte[] data, AvroSerde<AudioChunk> audio, AvroSerde<VideoChunk> video) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            Set<QualityFlag> flags = EnumSet.noneOf(QualityFlag.class);
            int first = in.readInt();
            boolean v2 = first == FORMAT_2;
            int n = v2 ? in.readInt() : first;
            if (n < 0 || n > QualityFlag.values().length) {
                throw new IOException("not a pending chunk: " + n + " quality flags");
            }
            for (int i = 0; i < n; i++) {
                flags.add(QualityFlag.valueOf(in.readUTF()));
            }
            byte[] a = NullableBytes.read(in);
            byte[] v = NullableBytes.read(in);
            Provenance audioFrom = v2 ? Provenance.read(in) : Provenance.UNKNOWN;
            Provenance videoFrom = v2 ? Provenance.read(in) : Provenance.UNKNOWN;
            SlotKey slot = SlotKey.parse(storeKey);
            return new SyncedChunk(slot.participant(), slot.seq(),
                    a == null ? null : audio.deserialize(null, a), v == null ? null : video.deserialize(null, v), flags,
                    audioFrom, videoFrom);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
