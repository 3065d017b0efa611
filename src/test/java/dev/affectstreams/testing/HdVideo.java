package dev.affectstreams.testing;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * An ordinary MP4 as a webcam or a recorded call gives it, made at test time: H.264 at the given
 * size and rate, panning slowly over a real photo, with or without an AAC sound track (a tone).
 */
public final class HdVideo {

    private HdVideo() {
    }

    public static Path write(Path file, BufferedImage photo, int width, int height, int fps, int seconds,
                             boolean withAudio) throws IOException {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, withAudio ? 1 : 0);
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setGopSize(fps);
            recorder.setVideoQuality(20);
            recorder.setVideoOption("threads", "1");
            if (withAudio) {
                recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                recorder.setSampleRate(16_000);
                recorder.setAudioBitrate(64_000);
            }
            recorder.start();
            int cropW = Math.min(photo.getWidth(), photo.getHeight() * width / height);
            int cropH = cropW * height / width;
            for (int s = 0; s < seconds; s++) {
                for (int f = 0; f < fps; f++) {
                    double t = (s * fps + f) / (double) (seconds * fps);
                    int x = (int) ((photo.getWidth() - cropW) * t);
                    BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
                    var g = frame.createGraphics();
                    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                    g.drawImage(photo.getSubimage(x, (photo.getHeight() - cropH) / 2, cropW, cropH), 0, 0, width,
                            height, null);
                    g.dispose();
                    recorder.record(converter.convert(frame));
                }
                if (withAudio) {
                    float[] tone = new float[16_000];
                    for (int i = 0; i < tone.length; i++) {
                        tone[i] = (float) (0.2 * Math.sin(2 * Math.PI * 220 * i / 16_000.0));
                    }
                    recorder.recordSamples(16_000, 1, FloatBuffer.wrap(tone));
                }
            }
            recorder.stop();
        }
        return file;
    }
}
