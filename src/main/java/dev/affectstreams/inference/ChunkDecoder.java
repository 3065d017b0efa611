package dev.affectstreams.inference;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.AudioEncoding;
import dev.affectstreams.avro.FrameFormat;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.avro.VideoFrame;
import dev.affectstreams.media.AudioResampler;
import dev.affectstreams.media.MediaChunk;
import dev.affectstreams.sync.ChunkChecks;
import dev.affectstreams.sync.SyncedChunk;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Contract records back to media: JPEG or RGB24 frames, and PCM of any rate and channel count
 * brought to 16 kHz mono. Refuses what it cannot take, with the reason.
 */
public final class ChunkDecoder {

    private ChunkDecoder() {
    }

    /** Input the live path cannot use; the chunk goes to the dead-letter topic with this reason. */
    public static final class InvalidChunkException extends Exception {
        private final boolean audio;

        public InvalidChunkException(String message) {
            this(message, false);
        }

        /** @param audio whether the audio (rather than the video) of the slot is what was refused */
        public InvalidChunkException(String message, boolean audio) {
            super(message);
            this.audio = audio;
        }

        public boolean audio() {
            return audio;
        }
    }

    /**
     * Checks the chunk against the limits (again: a chunk passed by reference is seen inline only
     * here, and a store written by an older version may hold anything), then decodes it.
     */
    public static MediaChunk decode(SyncedChunk chunk, ChunkChecks checks) throws InvalidChunkException {
        if (chunk.audio() != null) {
            var refusal = checks.audio(chunk.key(), chunk.audio());
            if (refusal.isPresent()) {
                throw new InvalidChunkException(refusal.get(), true);
            }
        }
        if (chunk.video() != null) {
            var refusal = checks.video(chunk.key(), chunk.video());
            if (refusal.isPresent()) {
                throw new InvalidChunkException(refusal.get(), false);
            }
        }
        try {
            return decode(chunk);
        } catch (RuntimeException e) {
            // a decoder's own failure on bytes that passed the checks: still the input's fault
            throw new InvalidChunkException("chunk " + chunk.seq() + " could not be decoded: " + e, chunk.video() == null);
        }
    }

    /** Decodes a chunk that passed the checks (rates, channels and frame sizes are not checked again here). */
    private static MediaChunk decode(SyncedChunk chunk) throws InvalidChunkException {
        List<BufferedImage> frames = new ArrayList<>();
        long[] offsets = new long[0];
        double fps = 0;
        if (chunk.video() != null) {
            VideoChunk v = chunk.video();
            offsets = new long[v.getFrames().size()];
            for (int i = 0; i < v.getFrames().size(); i++) {
                frames.add(frame(v, v.getFrames().get(i)));
                offsets[i] = v.getFrames().get(i).getOffsetMicros();
            }
            fps = v.getFps();
            if (frames.isEmpty()) {
                throw new InvalidChunkException("video chunk " + v.getSeq() + " has no frames");
            }
        }
        float[] audio = chunk.audio() == null ? null : audio(chunk.audio());
        return new MediaChunk(chunk.seq(), frames, offsets, audio, fps);
    }

    private static float[] audio(AudioChunk a) throws InvalidChunkException {
        ByteBuffer b = a.getSamples().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int bytesPerSample = a.getEncoding() == AudioEncoding.PCM_S16LE ? 2 : 4;
        if (b.remaining() % bytesPerSample != 0) {
            throw new InvalidChunkException("audio chunk " + a.getSeq() + " has a truncated sample", true);
        }
        float[] out = new float[b.remaining() / bytesPerSample];
        for (int i = 0; i < out.length; i++) {
            float v = bytesPerSample == 2 ? b.getShort() / 32768f : b.getFloat();
            if (!Float.isFinite(v)) {
                throw new InvalidChunkException("audio chunk " + a.getSeq() + " holds NaN or infinite samples", true);
            }
            out[i] = v;
        }
        return AudioResampler.toMono16k(out, a.getChannels(), a.getSampleRate());
    }

    private static BufferedImage frame(VideoChunk v, VideoFrame f) throws InvalidChunkException {
        byte[] data = new byte[f.getData().remaining()];
        f.getData().duplicate().get(data);
        if (v.getFrameFormat() == FrameFormat.RGB24) {
            BufferedImage image = new BufferedImage(v.getWidth(), v.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
            byte[] px = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < data.length; i += 3) {
                px[i] = data[i + 2];
                px[i + 1] = data[i + 1];
                px[i + 2] = data[i];
            }
            return image;
        }
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(data));
            if (image == null) {
                throw new InvalidChunkException("frame of video chunk " + v.getSeq() + " is not a readable JPEG");
            }
            return image;
        } catch (IOException | RuntimeException e) {
            throw new InvalidChunkException("frame of video chunk " + v.getSeq() + " is a corrupt JPEG: " + e.getMessage());
        }
    }
}
