package dev.affectstreams.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/** Real encoded media made for tests. */
public final class TestMedia {

    private TestMedia() {
    }

    /** MJPEG video + 16-bit PCM audio in AVI, the other container the features command must read. */
    public static void writeAvi(Path file, int seconds, int fps, int sampleRate) throws IOException {
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
