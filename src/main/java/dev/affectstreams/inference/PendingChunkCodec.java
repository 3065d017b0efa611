package dev.affectstreams.inference;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.QualityFlag;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.kafka.AvroSerde;
import dev.affectstreams.kafka.NullableBytes;
import dev.affectstreams.sync.SyncedChunk;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Set;

/** A synced chunk as bytes in the inference store: flags, then the audio and video records (single-object encoded). */
final class PendingChunkCodec {

    private PendingChunkCodec() {
    }

    static byte[] encode(SyncedChunk c, AvroSerde<AudioChunk> audio, AvroSerde<VideoChunk> video) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(c.flags().size());
            for (QualityFlag f : c.flags()) {
                out.writeUTF(f.name());
            }
            NullableBytes.write(out, c.audio() == null ? null : audio.serialize(null, c.audio()));
            NullableBytes.write(out, c.video() == null ? null : video.serialize(null, c.video()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static SyncedChunk decode(String storeKey, byte[] data, AvroSerde<AudioChunk> audio, AvroSerde<VideoChunk> video) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            Set<QualityFlag> flags = EnumSet.noneOf(QualityFlag.class);
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                flags.add(QualityFlag.valueOf(in.readUTF()));
            }
            byte[] a = NullableBytes.read(in);
            byte[] v = NullableBytes.read(in);
            int bar = storeKey.lastIndexOf('|');
            return new SyncedChunk(storeKey.substring(0, bar), Long.parseLong(storeKey.substring(bar + 1)),
                    a == null ? null : audio.deserialize(null, a), v == null ? null : video.deserialize(null, v), flags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
