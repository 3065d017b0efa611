package dev.affectstreams.kafka;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * A length-prefixed byte field that may be null (length −1), for the compact encodings of
 * state-store values. Read from in-memory streams only: a length beyond what is left fails.
 */
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
        if (n > in.available()) {
            // in-memory streams know what is left: a corrupt length must not allocate more than the bytes hold
            throw new EOFException("field claims " + n + " bytes, " + in.available() + " left");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
