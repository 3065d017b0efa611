package dev.affectstreams.sync;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.AudioEncoding;
import dev.affectstreams.avro.FrameFormat;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.avro.VideoFrame;
import dev.affectstreams.media.JpegHeader;
import java.util.Optional;

/**
 * What a chunk claims, checked against the record key and the {@link InputLimits} before the
 * chunk is stored, decoded or handed to native code. All sizes are computed in {@code long},
 * so no declared size can overflow into a small one. Each check returns the reason a chunk is
 * refused, or empty when it may go on.
 */
public final class ChunkChecks {

    private final InputLimits limits;

    /** One frame checked: the pixels it decodes to, or why it is refused. */
    private record Frame(long pixels, String refusal) {
        static Frame refused(String reason) {
            return new Frame(-1, reason);
        }
    }

    public ChunkChecks(InputLimits limits) {
        this.limits = limits;
    }

    /** The record's key against the ids inside it ({@code what}: "chunk", "segment", ...). */
    public static Optional<String> participant(String key, String callId, String participantId, String what) {
        String expected = callId + "/" + participantId;
        return expected.equals(key) ? Optional.empty()
                : Optional.of("key " + key + " does not match the " + what + "'s participant " + expected);
    }

    /** A slot number within [0, {@link InputLimits#MAX_SEQ}]. */
    public static Optional<String> slot(long seq) {
        return seq < 0 || seq > InputLimits.MAX_SEQ
                ? Optional.of("seq " + seq + " is outside [0, " + InputLimits.MAX_SEQ + "]") : Optional.empty();
    }

    /** The participant key, the slot number and the duration, common to audio and video. */
    public Optional<String> identity(String key, String callId, String participantId, long seq, int durationMs) {
        Optional<String> refusal = participant(key, callId, participantId, "chunk").or(() -> slot(seq));
        if (refusal.isPresent()) {
            return refusal;
        }
        if (durationMs < 1 || durationMs > InputLimits.MAX_DURATION_MS) {
            return Optional.of("durationMs " + durationMs + " is outside [1, " + InputLimits.MAX_DURATION_MS + "]");
        }
        return Optional.empty();
    }

    /** A slot far ahead of the participant's newest one would make every slot in between look late. */
    public Optional<String> progress(long seq, Long newestSeen) {
        if (newestSeen != null && seq - newestSeen > limits.maxSeqAhead()) {
            return Optional.of("seq " + seq + " is " + (seq - newestSeen) + " slots ahead of the participant's newest ("
                    + newestSeen + "), more than limits.seq.max.ahead (" + limits.maxSeqAhead() + ")");
        }
        return Optional.empty();
    }

    public Optional<String> audio(String key, AudioChunk a) {
        Optional<String> id = identity(key, a.getCallId(), a.getParticipantId(), a.getSeq(), a.getDurationMs());
        if (id.isPresent()) {
            return id;
        }
        if (a.getSampleRate() < InputLimits.MIN_SAMPLE_RATE || a.getSampleRate() > InputLimits.MAX_SAMPLE_RATE
                || a.getChannels() < 1 || a.getChannels() > InputLimits.MAX_CHANNELS) {
            return Optional.of("audio chunk " + a.getSeq() + " claims " + a.getSampleRate() + " Hz with "
                    + a.getChannels() + " channel(s), which is not audio this path can resample");
        }
        long bytesPerSample = a.getEncoding() == AudioEncoding.PCM_S16LE ? 2 : 4;
        // capture frames rarely end on the second: up to a tenth more than the declared duration is taken
        long most = (long) a.getSampleRate() * a.getChannels() * bytesPerSample * a.getDurationMs() * 11 / 10_000
                + (long) a.getChannels() * bytesPerSample;
        if (a.getSamples().remaining() > most) {
            return Optional.of("audio chunk " + a.getSeq() + " holds " + a.getSamples().remaining() + " bytes, more than "
                    + a.getDurationMs() + " ms (+10%) at " + a.getSampleRate() + " Hz x " + a.getChannels() + " ("
                    + most + ")");
        }
        return Optional.empty();
    }

    public Optional<String> video(String key, VideoChunk v) {
        Optional<String> id = identity(key, v.getCallId(), v.getParticipantId(), v.getSeq(), v.getDurationMs());
        if (id.isPresent()) {
            return id;
        }
        if (!(v.getFps() > 0) || v.getFps() > limits.maxFps()) {
            return Optional.of("video chunk " + v.getSeq() + " declares " + v.getFps() + " fps, outside (0, "
                    + limits.maxFps() + "]");
        }
        if (!fits(v.getWidth(), v.getHeight())) {
            return Optional.of("video chunk " + v.getSeq() + " declares " + v.getWidth() + "x" + v.getHeight()
                    + " frames, outside 1.." + limits.maxFrameSide() + " per side (limits.frame.max.side)");
        }
        if (v.getFrames().size() > limits.maxFrames()) {
            return Optional.of("video chunk " + v.getSeq() + " has " + v.getFrames().size() + " frames, more than "
                    + "limits.chunk.max.frames (" + limits.maxFrames() + ")");
        }
        long pixels = 0;
        for (VideoFrame f : v.getFrames()) {
            Frame frame = frame(v, f);
            if (frame.refusal() != null) {
                return Optional.of(frame.refusal());
            }
            pixels += frame.pixels();
        }
        if (pixels > limits.maxChunkPixels()) {
            return Optional.of("video chunk " + v.getSeq() + " decodes to " + pixels + " pixels, more than "
                    + "limits.chunk.max.pixels (" + limits.maxChunkPixels() + ")");
        }
        return Optional.empty();
    }

    /** One frame's offset and size, its JPEG header read once. */
    private Frame frame(VideoChunk v, VideoFrame f) {
        long offset = f.getOffsetMicros();
        if (offset < 0 || offset >= v.getDurationMs() * 1000L) {
            return Frame.refused("a frame of video chunk " + v.getSeq() + " has offset " + offset + " us, outside [0, "
                    + v.getDurationMs() * 1000L + ")");
        }
        if (v.getFrameFormat() == FrameFormat.RGB24) {
            long expected = (long) v.getWidth() * v.getHeight() * 3;
            if (f.getData().remaining() != expected) {
                return Frame.refused("RGB24 frame of chunk " + v.getSeq() + " has " + f.getData().remaining()
                        + " bytes, not " + v.getWidth() + "x" + v.getHeight() + "x3 = " + expected);
            }
            return new Frame((long) v.getWidth() * v.getHeight(), null);
        }
        Optional<JpegHeader.Size> size = JpegHeader.read(f.getData());
        if (size.isEmpty()) {
            return Frame.refused("frame of video chunk " + v.getSeq() + " is not a readable JPEG (no frame header)");
        }
        if (!fits(size.get().width(), size.get().height())) {
            return Frame.refused("JPEG frame of video chunk " + v.getSeq() + " declares " + size.get().width() + "x"
                    + size.get().height() + ", outside 1.." + limits.maxFrameSide() + " per side (limits.frame.max.side)");
        }
        return new Frame(size.get().pixels(), null);
    }

    /** The caption text's length. */
    public Optional<String> text(String key, String callId, String participantId, long seq, String text) {
        Optional<String> refusal = participant(key, callId, participantId, "segment").or(() -> slot(seq));
        if (refusal.isPresent()) {
            return refusal;
        }
        if (text.length() > limits.maxTextChars()) {
            return Optional.of("caption of " + text.length() + " characters, more than limits.text.max.chars ("
                    + limits.maxTextChars() + ")");
        }
        return Optional.empty();
    }

    private boolean fits(int width, int height) {
        return width >= 1 && height >= 1 && width <= limits.maxFrameSide() && height <= limits.maxFrameSide();
    }
}
