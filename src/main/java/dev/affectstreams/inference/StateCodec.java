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

/** A smoothed state as bytes in its changelogged store. */
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
            return new ExpressionSmoother.State(scores, label.isEmpty() ? null : label);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
