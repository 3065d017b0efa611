package dev.affectstreams.ingest;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.AudioEncoding;
import dev.affectstreams.avro.FrameFormat;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.avro.VideoFrame;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Turns a captured second into the contract records: 16-bit little-endian PCM at 16 kHz for
 * audio, JPEG frames at the configured quality for video, with capture and production times.
 */
public final class ChunkEncoder {

    private final float jpegQuality;

    /** @param jpegQuality 0..1 */
    public ChunkEncoder(float jpegQuality) {
        if (jpegQuality <= 0 || jpegQuality > 1) {
            throw new IllegalArgumentException("JPEG quality must be in (0, 1], got " + jpegQuality);
        }
        this.jpegQuality = jpegQuality;
    }

    public AudioChunk audio(CapturedSecond s, Instant callStart, Instant now) {
        ByteBuffer pcm = ByteBuffer.allocate(s.audio().length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : s.audio()) {
            pcm.putShort((short) Math.round(Math.max(-1f, Math.min(1f, v)) * 32767));
        }
        pcm.flip();
        return AudioChunk.newBuilder().setCallId(s.callId()).setParticipantId(s.participantId()).setSeq(s.seq())
                .setCaptureStart(callStart.plusSeconds(s.seq()))
                .setDurationMs((int) Math.round(s.audio().length * 1000.0 / 16_000)).setSampleRate(16_000)
                .setChannels(1).setEncoding(AudioEncoding.PCM_S16LE).setSamples(pcm).setProducedAt(now).build();
    }

    public VideoChunk video(CapturedSecond s, Instant callStart, Instant now) {
        List<VideoFrame> frames = new ArrayList<>(s.frames().size());
        for (int i = 0; i < s.frames().size(); i++) {
            frames.add(new VideoFrame(s.frameOffsetsMicros()[i], ByteBuffer.wrap(jpeg(s.frames().get(i)))));
        }
        BufferedImage first = s.frames().get(0);
        return VideoChunk.newBuilder().setCallId(s.callId()).setParticipantId(s.participantId()).setSeq(s.seq())
                .setCaptureStart(callStart.plusSeconds(s.seq())).setFps((float) s.fps()).setWidth(first.getWidth())
                .setHeight(first.getHeight()).setFrameFormat(FrameFormat.JPEG).setFrames(frames).setProducedAt(now)
                .build();
    }

    private byte[] jpeg(BufferedImage image) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16_384);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(jpegQuality);
            writer.write(null, new IIOImage(rgb(image), null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a frame as JPEG", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static BufferedImage rgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR || image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        copy.getGraphics().drawImage(image, 0, 0, null);
        return copy;
    }
}
