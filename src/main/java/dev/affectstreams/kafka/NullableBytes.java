package dev.affectstreams.kafka;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** A length-prefixed byte field that may be null (length −1), for the compact encodings of state-store values. */
public final class NullableBytes {

    private NullableBytes() {
    }

    public static void write(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    public static byte[] read(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
