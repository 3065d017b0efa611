package dev.affectstreams.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affectstreams.sim.SimulationWriter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaFileChunkerTest {

    @TempDir
    Path dir;

    @Test
    void shouldCutAnMp4IntoSecondsOfFramesAnd16kHzAudio() throws IOException {
        SimulationWriter.write(dir, new SimulationWriter.Spec(1, 3, 2, 160, 120, 25), n -> { });
        List<MediaChunk> chunks = new ArrayList<>();

        long n = MediaFileChunker.chunk(dir.resolve("p1.mp4").toString(), chunks::add);

        assertThat(n).isEqualTo(3);
        assertThat(chunks).extracting(MediaChunk::seq).containsExactly(0L, 1L, 2L);
        assertThat(chunks).allSatisfy(c -> assertThat(c.frames()).hasSize(25));
        assertThat(chunks.get(0).audio()).hasSize(16_000);
        assertThat(chunks.get(1).audio()).hasSize(16_000);
        assertThat(chunks.get(0).fps()).isEqualTo(25.0);
        assertThat(chunks.get(1).frameOffsetsMicros()[1]).isEqualTo(40_000L);
    }

    @Test
    void shouldResampleTheAudioOfAnAviWithMjpegAndPcmAt44kHz() throws IOException {
        Path avi = dir.resolve("clip.avi");
        writeAvi(avi, 2, 10, 44_100);
        List<MediaChunk> chunks = new ArrayList<>();

        MediaFileChunker.chunk(avi.toString(), chunks::add);

        assertThat(chunks).hasSize(2);
        assertThat(chunks).allSatisfy(c -> assertThat(c.frames()).hasSize(10));
        int samples = chunks.stream().mapToInt(c -> c.audio().length).sum();
        assertThat(samples).isBetween(31_000, 33_000);
    }

    @Test
    void shouldRefuseAMissingFileClearly() {
        assertThatThrownBy(() -> MediaFileChunker.chunk(dir.resolve("nope.mp4").toString(), c -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("no such readable file");
    }

    /** MJPEG video + 16-bit PCM audio in AVI, the other container the features command must read. */
    static void writeAvi(Path file, int seconds, int fps, int sampleRate) throws IOException {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 64, 48, 1);
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            recorder.setFormat("avi");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MJPEG);
            recorder.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P);
            recorder.setFrameRate(fps);
            recorder.setAudioCodec(avcodec.AV_CODEC_ID_PCM_S16LE);
            recorder.setSampleRate(sampleRate);
            recorder.setAudioChannels(1);
            recorder.start();
            for (int s = 0; s < seconds; s++) {
                for (int f = 0; f < fps; f++) {
                    BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
                    image.getGraphics().fillRect(f * 4, 10, 10, 10);
                    recorder.record(converter.convert(image));
                }
                short[] pcm = new short[sampleRate];
                for (int i = 0; i < pcm.length; i++) {
                    pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / sampleRate));
                }
                recorder.recordSamples(sampleRate, 1, ShortBuffer.wrap(pcm));
            }
            recorder.stop();
        }
    }
}
