package dev.affectstreams.sim;

import dev.affectstreams.media.FfmpegLog;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/** Writes one participant's seconds as an MP4 file: H.264 video and AAC mono audio at 16 kHz. */
public final class Mp4Writer implements AutoCloseable {

    private final FFmpegFrameRecorder recorder;
    private final Java2DFrameConverter converter = new Java2DFrameConverter();

    public Mp4Writer(Path file, int width, int height, int fps) throws IOException {
        FfmpegLog.quiet();
        recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 1);
        recorder.setFormat("mp4");
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        recorder.setGopSize(fps);
        recorder.setVideoQuality(23);
        recorder.setVideoOption("threads", "1");
        recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
        recorder.setSampleRate(VoiceSynth.SAMPLE_RATE);
        recorder.setAudioChannels(1);
        recorder.setAudioBitrate(64_000);
        try {
            recorder.start();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("cannot start writing " + file + ": " + e.getMessage(), e);
        }
    }

    public void write(ParticipantSecond second) throws IOException {
        try {
            for (var frame : second.frames()) {
                recorder.record(converter.convert(frame));
            }
            recorder.recordSamples(VoiceSynth.SAMPLE_RATE, 1, FloatBuffer.wrap(second.audio()));
        } catch (FrameRecorder.Exception e) {
            throw new IOException("cannot encode second " + second.seq() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            recorder.stop();
            recorder.release();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("cannot finish the MP4 file: " + e.getMessage(), e);
        } finally {
            converter.close();
        }
    }
}
