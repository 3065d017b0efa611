package dev.affectstreams.media;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameFilter;

/**
 * Brings audio of any rate and channel count to 16 kHz mono with FFmpeg's resampler
 * ({@code aresample}, then a mono down-mix). Each call is one chunk resampled on its own, so the
 * filter's few milliseconds of edge at chunk borders are not carried across chunks.
 */
public final class AudioResampler {

    public static final int TARGET_RATE = 16_000;

    private AudioResampler() {
    }

    /** @param interleaved float samples in [-1, 1], channels interleaved */
    public static float[] toMono16k(float[] interleaved, int channels, int sampleRate) {
        if (sampleRate == TARGET_RATE && channels == 1) {
            return interleaved;
        }
        if (channels < 1 || sampleRate < 1000) {
            throw new IllegalArgumentException("cannot resample audio of " + channels + " channel(s) at " + sampleRate + " Hz");
        }
        try (FFmpegFrameFilter filter = new FFmpegFrameFilter(
                "aresample=" + TARGET_RATE + ",aformat=sample_fmts=flt:channel_layouts=mono", channels)) {
            filter.setSampleRate(sampleRate);
            filter.setSampleFormat(avutil.AV_SAMPLE_FMT_FLT);
            filter.setAudioChannels(channels);
            filter.start();
            filter.pushSamples(0, channels, sampleRate, avutil.AV_SAMPLE_FMT_FLT, FloatBuffer.wrap(interleaved));
            filter.push((Frame) null);
            float[] out = new float[0];
            Frame frame;
            while ((frame = filter.pullSamples()) != null) {
                FloatBuffer b = (FloatBuffer) frame.samples[0];
                float[] more = new float[b.remaining()];
                b.get(more);
                out = Arrays.copyOf(out, out.length + more.length);
                System.arraycopy(more, 0, out, out.length - more.length, more.length);
            }
            return out;
        } catch (FrameFilter.Exception e) {
            throw new IllegalArgumentException("resampling " + sampleRate + " Hz audio failed: " + e.getMessage(), e);
        }
    }
}
