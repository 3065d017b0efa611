package dev.affectstreams.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {

    private static BufferedImage frame(int shade) {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(shade, 255 - shade, shade / 2));
        g.fillRect(0, 0, 40, 30);
        g.setColor(Color.WHITE);
        g.fillOval(5 + shade % 20, 5, 12, 12);
        g.dispose();
        return image;
    }

    @Test
    void shouldLayAClipOutChannelThenTimeWithRepeatedFramesPreparedAlike() {
        ImagePreprocessor prep = new ImagePreprocessor(8, Normalization.KINETICS_3D);
        List<BufferedImage> frames = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            frames.add(frame(20 * i));
        }
        int[] indices = FrameSampler.linspace(10, 16); // 16 from 10 frames: some repeat
        Rectangle crop = new Rectangle(2, 3, 30, 20);
        float[] out = new float[5 + 3 * 16 * 64];

        prep.clipInto(frames, indices, crop, out, 5);

        assertThat(Arrays.stream(indices).distinct().count()).isLessThan(16);
        for (int t = 0; t < 16; t++) {
            float[] chw = prep.toChw(frames.get(indices[t]), crop);
            for (int c = 0; c < 3; c++) {
                float[] got = Arrays.copyOfRange(out, 5 + (c * 16 + t) * 64, 5 + (c * 16 + t + 1) * 64);
                assertThat(got).as("channel %d, time %d", c, t).containsExactly(Arrays.copyOfRange(chw, c * 64,
                        (c + 1) * 64));
            }
        }
        assertThat(Arrays.copyOfRange(out, 0, 5)).as("before the offset").containsOnly(0f);
    }
}
