package dev.affectstreams.model.backbone;

import ai.djl.Device;
import dev.affectstreams.avro.BackboneId;
import dev.affectstreams.media.FrameSampler;
import dev.affectstreams.media.ImagePreprocessor;
import dev.affectstreams.media.MediaChunk;
import dev.affectstreams.media.MelSpectrogram;
import dev.affectstreams.media.Normalization;
import dev.affectstreams.model.Modality;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One-second chunks in, per-modality feature vectors out, pooled as the reference pools them:
 * video = [2D features of the chunk's 1-fps frame ; 3D features of its 16-frame window
 * (frames resampled to 16 by the linspace rule)], audio = ResDAVEnet over the chunk's
 * min-max-scaled 128-mel spectrogram, averaged over frequency × time; text, when a transcript is
 * given, = the text backbone over the transcript so far, averaged over tokens. Chunks are processed in
 * batches. Frames are cropped to the face box the caller gives (see {@code FaceTracker}) or
 * used whole. Holds backbones with native memory: one instance per thread, closed by its owner.
 */
public final class FeatureExtractor implements AutoCloseable {

    private static final int WINDOW = 16;

    private final FrameBackbone frame2d;
    private final TensorBackbone clip3d;
    private final TensorBackbone audio;
    private final ImagePreprocessor prep3d;
    private final MelSpectrogram mel = new MelSpectrogram(16_000);
    private final TextBackbone text;
    private final TranscriptCache textCache;

    /** The same with the built-in {@value TextBackbone#HASHED_NGRAMS} text backbone. */
    public FeatureExtractor(String frame2dName, String clip3dName, String audioName, Normalization normalization2d,
                            Device device, long seed) {
        this(frame2dName, clip3dName, audioName, TextBackbone.HASHED_NGRAMS, normalization2d, device, seed);
    }

    /**
     * Backbone names from {@link BackboneCatalog}, {@code torchscript:<path>} modules, or
     * {@code face-expression-net} for the 2D one; the text backbone by {@link TextBackbone#open}'s
     * spec; {@code normalization2d} PAPER_2D reproduces the reference (built-in 2D CNNs only).
     */
    public FeatureExtractor(String frame2dName, String clip3dName, String audioName, String textName,
                            Normalization normalization2d, Device device, long seed) {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            this.frame2d = track(opened, FrameBackbone.open(frame2dName, normalization2d, device, seed));
            this.clip3d = track(opened, TensorBackbone.open(clip3dName, BackboneCatalog.Kind.CLIP_3D, device, seed));
            this.audio = track(opened, TensorBackbone.open(audioName, BackboneCatalog.Kind.MEL, device, seed));
            this.text = track(opened, TextBackbone.open(textName, device));
        } catch (RuntimeException e) {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        this.prep3d = new ImagePreprocessor((int) clip3d.inputShape()[2], Normalization.KINETICS_3D);
        this.textCache = new TranscriptCache(text, TRANSCRIPTS_CACHED);
    }

    /** Transcripts whose features are kept: a few per participant a stream thread serves. */
    static final int TRANSCRIPTS_CACHED = 1024;

    private static <T extends AutoCloseable> T track(List<AutoCloseable> opened, T backbone) {
        opened.add(backbone);
        return backbone;
    }

    /** Features of one chunk: the modalities it had, each with its backbone. */
    public record ChunkFeatures(long seq, Map<Modality, float[]> vectors) {
    }

    public Map<Modality, BackboneId> backbones() {
        Map<Modality, BackboneId> ids = new EnumMap<>(Modality.class);
        ids.put(Modality.VIDEO, new BackboneId(new VideoBackboneName(frame2d.id().getName(),
                clip3d.id().getName()).name(), "1", VideoBackboneName.joinHashes(frame2d.id().getWeightsSha256(),
                clip3d.id().getWeightsSha256())));
        ids.put(Modality.AUDIO, audio.id());
        ids.put(Modality.TEXT, text.id());
        return ids;
    }

    public Map<Modality, Integer> dims() {
        return Map.of(Modality.VIDEO, frame2d.outputDim() + clip3d.outputDim(), Modality.AUDIO, audio.outputDim(),
                Modality.TEXT, text.outputDim());
    }

    /** Features of whole frames. */
    public List<ChunkFeatures> extract(List<MediaChunk> chunks) {
        return extract(chunks, Collections.nCopies(chunks.size(), null));
    }

    /**
     * Features with each chunk's frames cropped to its face box (null: the whole frame), then
     * resized without keeping the aspect ratio, as the reference crops and resizes.
     */
    public List<ChunkFeatures> extract(List<MediaChunk> chunks, List<Rectangle> crops) {
        return extract(chunks, crops, Collections.nCopies(chunks.size(), null));
    }

    /**
     * The same with the text modality: each chunk's transcript so far (null: no text modality
     * for that chunk; empty: no words yet, an all-zero vector).
     */
    public List<ChunkFeatures> extract(List<MediaChunk> chunks, List<Rectangle> crops,
                                       List<String> transcripts) {
        List<MediaChunk> withVideo = new ArrayList<>();
        List<Rectangle> videoCrops = new ArrayList<>();
        List<MediaChunk> withAudio = new ArrayList<>();
        int[] videoRow = new int[chunks.size()];
        int[] audioRow = new int[chunks.size()];
        for (int i = 0; i < chunks.size(); i++) {
            MediaChunk c = chunks.get(i);
            videoRow[i] = c.hasVideo() ? withVideo.size() : -1;
            audioRow[i] = c.hasAudio() ? withAudio.size() : -1;
            if (c.hasVideo()) {
                withVideo.add(c);
                videoCrops.add(crops.get(i));
            }
            if (c.hasAudio()) {
                withAudio.add(c);
            }
        }
        float[][] v2 = withVideo.isEmpty() ? new float[0][] : frame2d.embed(frames2d(withVideo), videoCrops);
        float[][] v3 = withVideo.isEmpty() ? new float[0][]
                : clip3d.embed(clips3d(withVideo, videoCrops), withVideo.size());
        float[][] a = withAudio.isEmpty() ? new float[0][] : audio.embed(mels(withAudio), withAudio.size());
        List<String> texts = transcripts.stream().filter(Objects::nonNull).toList();
        float[][] t = texts.isEmpty() ? new float[0][] : textCache.embed(texts);
        int textRow = 0;
        List<ChunkFeatures> out = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            Map<Modality, float[]> vectors = new EnumMap<>(Modality.class);
            int vi = videoRow[i];
            if (vi >= 0) {
                float[] video = new float[v2[vi].length + v3[vi].length];
                System.arraycopy(v2[vi], 0, video, 0, v2[vi].length);
                System.arraycopy(v3[vi], 0, video, v2[vi].length, v3[vi].length);
                vectors.put(Modality.VIDEO, video);
            }
            if (audioRow[i] >= 0) {
                vectors.put(Modality.AUDIO, a[audioRow[i]]);
            }
            if (transcripts.get(i) != null) {
                vectors.put(Modality.TEXT, t[textRow++]);
            }
            out.add(new ChunkFeatures(chunks.get(i).seq(), vectors));
        }
        return out;
    }

    private float[] silence;

    /** The audio features of one second of silence (what a muted participant sounds like); computed once. */
    public float[] silentAudio() {
        if (silence == null) {
            silence = audio.embed(mels(List.of(new MediaChunk(0, List.of(), new long[0], new float[16_000], 0))), 1)[0];
        }
        return silence.clone();
    }

    /** The text features of a participant without any words yet. */
    public float[] emptyTranscript() {
        return textCache.embed(List.of(""))[0];
    }

    /** Each chunk's 1-fps frame: the first index of linspace over its frames. */
    private static List<BufferedImage> frames2d(List<MediaChunk> chunks) {
        List<BufferedImage> frames = new ArrayList<>();
        for (MediaChunk c : chunks) {
            frames.add(c.frames().get(FrameSampler.linspace(c.frames().size(), 1)[0]));
        }
        return frames;
    }

    /** 16 frames by linspace, laid out [3, 16, size, size]. */
    private float[] clips3d(List<MediaChunk> chunks, List<Rectangle> crops) {
        int s = prep3d.size();
        int perClip = 3 * WINDOW * s * s;
        float[] all = new float[chunks.size() * perClip];
        for (int i = 0; i < chunks.size(); i++) {
            List<BufferedImage> frames = chunks.get(i).frames();
            prep3d.clipInto(frames, FrameSampler.linspace(frames.size(), WINDOW), crops.get(i), all, i * perClip);
        }
        return all;
    }

    /** Per-chunk min-max-scaled mel spectrograms, [1, 128, 101]; a short last chunk is zero-padded to 1 s. */
    private float[] mels(List<MediaChunk> chunks) {
        int frames = (int) audio.inputShape()[2];
        int size = MelSpectrogram.MELS * frames;
        float[] all = new float[chunks.size() * size];
        for (int i = 0; i < chunks.size(); i++) {
            float[] samples = Arrays.copyOf(chunks.get(i).audio(), 16_000);
            float[][] m = MelSpectrogram.minMax(mel.compute(samples));
            for (int b = 0; b < MelSpectrogram.MELS; b++) {
                System.arraycopy(m[b], 0, all, i * size + b * frames, frames);
            }
        }
        return all;
    }

    @Override
    public void close() {
        frame2d.close();
        clip3d.close();
        audio.close();
        text.close();
    }
}
