package dev.affectstreams.inference;

import dev.affectstreams.events.ExpressionSmoother;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A smoothed state as bytes in its changelogged store (the face reading appended; older states without it still read). */
final class StateCodec {

    private StateCodec() {
    }

    static byte[] encode(ExpressionSmoother.State state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(state.label() == null ? "" : state.label());
            out.writeInt(state.scores().size());
            for (Map.Entry<String, Float> e : state.scores().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeFloat(e.getValue());
            }
            out.writeBoolean(state.face() != null);
            if (state.face() != null) {
                out.writeInt(state.face().size());
                for (Map.Entry<String, Float> e : state.face().entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeFloat(e.getValue());
                }
                out.writeInt(state.faceFrames());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ExpressionSmoother.State decode(byte[] data) {
        if (data == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            String label = in.readUTF();
            int n = in.readInt();
            Map<String, Float> scores = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                scores.put(in.readUTF(), in.readFloat());
            }
            // states stored before face readings end here
            Map<String, Float> face = null;
            int frames = 0;
            if (in.available() > 0 && in.readBoolean()) {
                int k = in.readInt();
                face = new LinkedHashMap<>();
                for (int i = 0; i < k; i++) {
                    face.put(in.readUTF(), in.readFloat());
                }
                frames = in.readInt();
            }
            return new ExpressionSmoother.State(scores, label.isEmpty() ? null : label, face, frames);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
