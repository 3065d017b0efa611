package dev.affectstreams.jobs;

import dev.affectstreams.avro.FeatureVector;
import dev.affectstreams.avro.TrainingSample;
import dev.affectstreams.media.Captions;
import dev.affectstreams.media.FaceDetector;
import dev.affectstreams.media.FaceTracker;
import dev.affectstreams.media.MediaChunk;
import dev.affectstreams.media.MediaFileChunker;
import dev.affectstreams.media.Normalization;
import dev.affectstreams.model.Devices;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.backbone.FeatureExtractor;
import dev.affectstreams.model.backbone.TextBackbone;
import dev.affectstreams.model.data.FeatureDatasetWriter;
import dev.affectstreams.model.data.FeatureVectors;
import dev.affectstreams.registry.Backbones;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Media files in, a feature dataset out: every one-second chunk of every file (a folder is
 * searched for media files) becomes one {@link TrainingSample} with its video features (frames
 * cropped to the tracked face) and audio features. Chunks without a face or missing a modality
 * are counted and left out, so every sample of the file has the same modalities.
 */
public final class ExtractFeaturesJob {

    private static final List<String> MEDIA = List.of(".mp4", ".mkv", ".avi", ".mov", ".webm", ".m4v", ".flv", ".mpg");

    private ExtractFeaturesJob() {
    }

    /**
     * Backbones and batching of an extraction.
     *
     * @param text add the text modality from the captions beside each media file (NAME.srt or NAME.vtt)
     * @param textBackbone the text backbone's spec (see {@code TextBackbone#open})
     */
    public record Request(Path input, Path out, String frame2d, String clip3d, String audio,
                          Normalization normalization2d, int batchSize, String device, long seed, boolean text,
                          String textBackbone) {
    }

    /** What was written. */
    public record Result(int files, long samples, long skippedChunks, Map<Modality, Integer> dims) {
    }

    public static Result run(Request request, Consumer<String> progress) throws IOException {
        List<Path> files = mediaFiles(request.input());
        long samples = 0;
        long skipped = 0;
        try (FeatureExtractor extractor = new FeatureExtractor(request.frame2d(), request.clip3d(), request.audio(),
                request.text() ? request.textBackbone() : TextBackbone.HASHED_NGRAMS, request.normalization2d(),
                Devices.parse(request.device()), request.seed());
             FeatureDatasetWriter writer = new FeatureDatasetWriter(request.out());
             FaceDetector faces = FaceDetector.openDefault()) {
            for (Path file : files) {
                FaceTracker tracker = new FaceTracker(faces, 5, 2);
                List<MediaChunk> batch = new ArrayList<>();
                long[] counts = {0, 0};
                String name = file.getFileName().toString();
                List<Captions.Cue> cues = request.text() ? Captions.read(captionsOf(file)) : null;
                MediaFileChunker.chunk(file.toString(), chunk -> {
                    batch.add(chunk);
                    if (batch.size() == request.batchSize()) {
                        flush(extractor, tracker, writer, name, batch, cues, counts);
                    }
                });
                flush(extractor, tracker, writer, name, batch, cues, counts);
                samples += counts[0];
                skipped += counts[1];
                progress.accept(String.format("%s: %d chunks, %d left out (no face, or a modality missing)", file,
                        counts[0], counts[1]));
            }
            Map<Modality, Integer> dims = new EnumMap<>(extractor.dims());
            if (!request.text()) {
                dims.remove(Modality.TEXT);
            }
            return new Result(files.size(), samples, skipped, dims);
        }
    }

    /** The captions beside a media file: NAME.srt or NAME.vtt. */
    static Path captionsOf(Path media) throws IOException {
        String base = media.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        for (String ext : List.of(".srt", ".vtt")) {
            Path candidate = media.resolveSibling(base + ext);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IOException("the text modality needs captions beside " + media + " (" + base + ".srt or " + base
                + ".vtt)");
    }

    /** The transcript up to the end of slot {@code seq}: every cue that started by then, in order. */
    static String transcriptUntil(List<Captions.Cue> cues, long seq) {
        long end = (seq + 1) * 1000;
        StringBuilder text = new StringBuilder();
        for (Captions.Cue cue : cues) {
            if (cue.startMs() < end) {
                text.append(text.length() == 0 ? "" : " ").append(cue.text());
            }
        }
        return text.toString();
    }

    private static void flush(FeatureExtractor extractor, FaceTracker tracker, FeatureDatasetWriter writer, String name,
                              List<MediaChunk> batch, List<Captions.Cue> cues, long[] counts) {
        if (batch.isEmpty()) {
            return;
        }
        List<Rectangle> crops = new ArrayList<>();
        List<MediaChunk> withFace = new ArrayList<>();
        List<String> transcripts = new ArrayList<>();
        for (MediaChunk chunk : batch) {
            transcripts.add(cues == null ? null : transcriptUntil(cues, chunk.seq()));
            Rectangle box = chunk.hasVideo() ? tracker.boxFor(chunk.frames()) : null;
            withFace.add(box == null ? new MediaChunk(chunk.seq(), List.of(), new long[0], chunk.audio(), chunk.fps())
                    : chunk);
            crops.add(box);
        }
        try {
            int needed = cues == null ? 2 : 3;
            for (FeatureExtractor.ChunkFeatures f : extractor.extract(withFace, crops, transcripts)) {
                if (f.vectors().size() < needed) {
                    counts[1]++;
                    continue;
                }
                List<FeatureVector> vectors = FeatureVectors.of(f.vectors(), extractor.backbones());
                writer.append(TrainingSample.newBuilder().setSampleId(name + "/" + f.seq()).setCallId(name)
                        .setParticipantId(name).setSeq(f.seq()).setCaptureStart(Instant.EPOCH.plusSeconds(f.seq()))
                        .setFeatures(vectors).build());
                counts[0]++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        batch.clear();
    }

    static List<Path> mediaFiles(Path input) throws IOException {
        if (Files.isRegularFile(input)) {
            return List.of(input);
        }
        if (!Files.isDirectory(input)) {
            throw new IOException("no media file or folder at " + input);
        }
        try (Stream<Path> walk = Files.walk(input)) {
            List<Path> files = walk.filter(Files::isRegularFile)
                    .filter(p -> MEDIA.stream().anyMatch(ext -> p.toString().toLowerCase(Locale.ROOT).endsWith(ext)))
                    .sorted().toList();
            if (files.isEmpty()) {
                throw new IOException("no media files (" + String.join(", ", MEDIA) + ") under " + input);
            }
            return files;
        }
    }
}
