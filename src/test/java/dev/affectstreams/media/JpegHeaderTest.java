package dev.affectstreams.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The size a JPEG declares, read from its frame header without decoding it. */
class JpegHeaderTest {

    @Test
    void shouldReadTheSizeOfARealJpeg() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(321, 123, BufferedImage.TYPE_3BYTE_BGR), "jpg", out);

        assertThat(JpegHeader.read(out.toByteArray())).hasValue(new JpegHeader.Size(321, 123));
    }

    @Test
    void shouldReadAnAbsurdDeclaredSizeAndRefuseWhatIsNoJpeg() {
        byte[] bomb = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC2, 0, 17, 8, 0x4E, 0x20, 0x4E, 0x20, 3, 1, 0x22,
                0, 2, 0x11, 1, 3, 0x11, 1};

        assertThat(JpegHeader.read(bomb)).hasValue(new JpegHeader.Size(20000, 20000));
        assertThat(JpegHeader.read(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2})).isEmpty();
        assertThat(JpegHeader.read(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 100})).isEmpty();
        assertThat(JpegHeader.read(new byte[0])).isEmpty();
    }
}
