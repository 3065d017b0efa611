package dev.affectstreams.media;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Decodes any media FFmpeg reads (file path or stream URL) into consecutive one-second
 * {@link MediaChunk}s: RGB frames with their timestamps, and audio resampled by FFmpeg to
 * 16 kHz mono. Chunks are handed over as soon as the decoder has passed their end.
 */
public final class MediaFileChunker {

    public static final int SAMPLE_RATE = 16_000;

    private MediaFileChunker() {
    }

    /** @return the number of chunks produced */
    public static long chunk(String source, Consumer<MediaChunk> sink) throws IOException {
        if (!source.contains("://") && !Files.isReadable(Path.of(source))) {
            throw new IOException("cannot read media " + source + ": no such readable file");
        }
        return chunk(source, null, sink);
    }

    /**
     * Reads a capture device through one of FFmpeg's input devices until it ends or the thread
     * is stopped: {@code format} v4l2 (Linux cameras, {@code /dev/video0}), avfoundation
     * (macOS, {@code "0:0"}), dshow (Windows, {@code "video=Camera"}), alsa or pulse (audio),
     * or lavfi (a filter graph, e.g. a test pattern).
     *
     * @return the number of chunks produced
     */
    public static long capture(String format, String device, Consumer<MediaChunk> sink) throws IOException {
        String missing = deviceSupportMissing();
        if (missing != null) {
            throw new IOException("cannot open " + format + " device " + device + ": " + missing);
        }
        return chunk(device, format, sink);
    }

    /**
     * Why FFmpeg's input devices cannot be used on this machine, or null when they can: the
     * bundled libavdevice needs the PulseAudio client library (package libpulse0 on Debian and
     * Ubuntu) even for cameras.
     */
    public static String deviceSupportMissing() {
        return DeviceSupport.MISSING;
    }

    /**
     * Loaded once: a class whose native library failed to load fails every later use with
     * NoClassDefFoundError instead of the first UnsatisfiedLinkError, so the first answer is kept.
     */
    private static final class DeviceSupport {
        static final String MISSING = probe();

        private static String probe() {
            try {
                Loader.load(org.bytedeco.ffmpeg.global.avdevice.class);
                org.bytedeco.ffmpeg.global.avdevice.avdevice_register_all();
                return null;
            } catch (LinkageError e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage().replaceAll(".*: ", "");
                return "FFmpeg's capture devices are unavailable (" + why
                        + "); install the PulseAudio client library (libpulse0 on Debian/Ubuntu)";
            }
        }
    }

    private static long chunk(String source, String format, Consumer<MediaChunk> sink) throws IOException {
        FfmpegLog.quiet();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source);
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            if (format != null) {
                grabber.setFormat(format);
            }
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.setSampleMode(FrameGrabber.SampleMode.FLOAT);
            grabber.setSampleRate(SAMPLE_RATE);
            grabber.setAudioChannels(1);
            try {
                grabber.start();
            } catch (FrameGrabber.Exception e) {
                throw new IOException("cannot " + (format == null ? "decode " : "open " + format + " device ") + source
                        + ": " + e.getMessage(), e);
            }
            Assembler assembler = new Assembler(grabber.hasVideo() ? grabber.getFrameRate() : 0, grabber.hasAudio(),
                    sink);
            Frame frame;
            while ((frame = grab(grabber, source)) != null) {
                if (frame.image != null) {
                    assembler.frame(frame.timestamp, copy(converter.convert(frame)));
                }
                if (frame.samples != null) {
                    FloatBuffer buffer = (FloatBuffer) frame.samples[0];
                    float[] samples = new float[buffer.remaining()];
                    buffer.get(samples);
                    assembler.samples(samples);
                }
            }
            long chunks = assembler.finish();
            if (chunks == 0) {
                // FFmpeg opened the source but decoded nothing: an empty or truncated file, or a
                // stream that ended (or could not be sought) before its first complete frame
                throw new IOException("decoded nothing from " + source + ": the source has no complete audio or video "
                        + "frame (empty, truncated, or a stream that ended early; FFmpeg's log above says why)");
            }
            return chunks;
        }
    }

    private static Frame grab(FFmpegFrameGrabber grabber, String source) throws IOException {
        try {
            return grabber.grab();
        } catch (FrameGrabber.Exception e) {
            throw new IOException("decoding " + source + " failed: " + e.getMessage(), e);
        }
    }

    /** The converter reuses its image between grabs. */
    private static BufferedImage copy(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        out.getGraphics().drawImage(image, 0, 0, null);
        return out;
    }

    /** Groups frames by timestamp second and audio by sample count into chunks, in slot order. */
    private static final class Assembler {
        private final double fps;
        private final boolean audio;
        private final Consumer<MediaChunk> sink;
        private final TreeMap<Long, List<BufferedImage>> frames = new TreeMap<>();
        private final TreeMap<Long, List<Long>> offsets = new TreeMap<>();
        private float[] samples = new float[0];
        private long seq;
        private long lastFrameSlot = -1;

        Assembler(double fps, boolean audio, Consumer<MediaChunk> sink) {
            this.fps = fps;
            this.audio = audio;
            this.sink = sink;
        }

        void frame(long timestampMicros, BufferedImage image) {
            long slot = Math.max(0, timestampMicros) / 1_000_000;
            lastFrameSlot = Math.max(lastFrameSlot, slot);
            frames.computeIfAbsent(slot, k -> new ArrayList<>()).add(image);
            offsets.computeIfAbsent(slot, k -> new ArrayList<>()).add(Math.max(0, timestampMicros) - slot * 1_000_000);
            drain();
        }

        void samples(float[] more) {
            float[] all = Arrays.copyOf(samples, samples.length + more.length);
            System.arraycopy(more, 0, all, samples.length, more.length);
            samples = all;
            drain();
        }

        /** Emits every slot whose video has moved past it and whose audio second is complete. */
        private void drain() {
            while ((fps == 0 || lastFrameSlot > seq) && (!audio || samples.length >= SAMPLE_RATE)) {
                emit();
            }
        }

        /**
         * Emits what is left. Audio past the last video second that is shorter than 100 ms is
         * codec padding (AAC frames are 1024 samples), not a second of its own, and is dropped.
         */
        long finish() {
            while (frames.ceilingKey(seq) != null
                    || samples.length > 0 && (fps == 0 || seq <= lastFrameSlot || samples.length >= SAMPLE_RATE / 10)) {
                emit();
            }
            return seq;
        }

        private void emit() {
            float[] chunkAudio = null;
            if (audio) {
                int n = Math.min(SAMPLE_RATE, samples.length);
                chunkAudio = Arrays.copyOf(samples, n);
                samples = Arrays.copyOfRange(samples, n, samples.length);
            }
            List<BufferedImage> chunkFrames = frames.getOrDefault(seq, List.of());
            long[] chunkOffsets = offsets.getOrDefault(seq, List.of()).stream().mapToLong(Long::longValue).toArray();
            frames.remove(seq);
            offsets.remove(seq);
            sink.accept(new MediaChunk(seq, chunkFrames, chunkOffsets, chunkAudio, fps));
            seq++;
        }
    }
}
