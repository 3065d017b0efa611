package dev.affectstreams.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Mp4WriterTest {

    @Test
    void shouldWriteFilesThatDecodeBackToTheExpectedFramesRateAndAudio(@TempDir Path dir) throws Exception {
        List<Path> files = SimulationWriter.write(dir, new SimulationWriter.Spec(2, 3, 5, 160, 120, 25), n -> { });

        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("p1.mp4", "p2.mp4", "labels.csv");
        assertThat(Files.readAllLines(dir.resolve("labels.csv"))).hasSize(1 + 2 * 3)
                .first().asString().startsWith("participant,second,happy,sad,anger,surprise,disgust,fear");
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(dir.resolve("p1.mp4").toFile())) {
            grabber.setSampleMode(FFmpegFrameGrabber.SampleMode.FLOAT);
            grabber.start();
            assertThat(grabber.hasAudio()).isTrue();
            assertThat(grabber.getVideoCodecName()).isEqualTo("h264");
            assertThat(grabber.getFrameRate()).isEqualTo(25.0);
            assertThat(grabber.getImageWidth()).isEqualTo(160);
            int images = 0;
            long samples = 0;
            Frame frame;
            while ((frame = grabber.grab()) != null) {
                if (frame.image != null) {
                    images++;
                }
                if (frame.samples != null) {
                    samples += frame.samples[0].remaining();
                }
            }
            assertThat(images).isEqualTo(75);
            assertThat(grabber.getSampleRate()).isEqualTo(16_000);
            assertThat(samples / 16_000.0).as("audio seconds").isBetween(2.9, 3.2);
        }
    }
}
