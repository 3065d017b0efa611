package dev.affectstreams.media;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.IntUnaryOperator;

/**
 * The dimensions a JPEG declares in its frame header (SOFn), read by walking its markers in
 * Java, so that an absurd size is refused before a decoder allocates for it.
 */
public final class JpegHeader {

    private JpegHeader() {
    }

    /** Width and height of a baseline, progressive or lossless frame. */
    public record Size(int width, int height) {
        public long pixels() {
            return (long) width * height;
        }
    }

    /** The declared size, or empty when the bytes hold no frame header before the image data. */
    public static Optional<Size> read(byte[] jpeg) {
        return read(ByteBuffer.wrap(jpeg));
    }

    /** The same, reading the buffer's remaining bytes in place (its position is not moved). */
    public static Optional<Size> read(ByteBuffer buffer) {
        int base = buffer.position();
        int length = buffer.remaining();
        IntUnaryOperator at = i -> buffer.get(base + i) & 0xFF;
        if (length < 4 || at.applyAsInt(0) != 0xFF || at.applyAsInt(1) != 0xD8) {
            return Optional.empty();
        }
        int i = 2;
        while (i + 3 < length) {
            if (at.applyAsInt(i) != 0xFF) {
                return Optional.empty();
            }
            int marker = at.applyAsInt(i + 1);
            if (marker == 0xFF) {
                i++; // fill byte
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) {
                i += 2; // markers without a length
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) {
                return Optional.empty(); // end of image or scan data before any frame header
            }
            int segment = (at.applyAsInt(i + 2) << 8) | at.applyAsInt(i + 3);
            if (segment < 2) {
                return Optional.empty();
            }
            if (isFrameHeader(marker)) {
                if (i + 8 >= length || segment < 7) {
                    return Optional.empty();
                }
                int height = (at.applyAsInt(i + 5) << 8) | at.applyAsInt(i + 6);
                int width = (at.applyAsInt(i + 7) << 8) | at.applyAsInt(i + 8);
                return Optional.of(new Size(width, height));
            }
            i += 2 + segment;
        }
        return Optional.empty();
    }

    /** SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
    private static boolean isFrameHeader(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }
}
