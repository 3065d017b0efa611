package dev.affectstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.backbone.PyTorchScripts;
import dev.affectstreams.model.data.FeatureMatrixLoader;
import dev.affectstreams.sim.SimulationWriter;
import dev.affectstreams.testing.TestMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real encoded media (MP4 H.264 + AAC, AVI MJPEG + PCM) through `features extract`. */
class FeaturesExtractTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteOneSamplePerSecondWithAFaceAndLeaveOutTheRest() throws IOException {
        Path media = dir.resolve("media");
        SimulationWriter.write(media, new SimulationWriter.Spec(1, 3, 4, 160, 120, 25), n -> { });
        TestMedia.writeAvi(media.resolve("clip.avi"), 2, 10, 44_100);
        Files.delete(media.resolve("labels.csv"));
        Path out = dir.resolve("features.avro");

        CliRun run = CliRun.of("features", "extract", media.toString(), "--out", out.toString(), "--device", "cpu",
                "--batch-size", "4");

        assertThat(run.exitCode()).as(run.err()).isZero();
        // the AVI shows moving squares, not a face: its seconds are left out, not guessed
        assertThat(run.out()).contains("clip.avi: 0 chunks, 2 left out").contains("3 samples from 2 file(s)");
        FeatureMatrixLoader.Loaded loaded = FeatureMatrixLoader.load(out, null);
        assertThat(loaded.matrix().size()).isEqualTo(3);
        assertThat(loaded.matrix().dims()).containsEntry(Modality.VIDEO, 256 + 256).containsEntry(Modality.AUDIO, 128);
        assertThat(loaded.backbones().get(Modality.VIDEO).getName()).isEqualTo("resnet-small+r3d-small");
        assertThat(Arrays.stream(loaded.matrix().groups()).distinct()).containsExactly("p1.mp4/p1.mp4");
    }

    @Test
    void shouldAddTheTranscriptSoFarAsTheTextModality() throws IOException {
        Path media = dir.resolve("media");
        SimulationWriter.write(media, new SimulationWriter.Spec(1, 12, 4, 160, 120, 25), n -> { });
        Files.delete(media.resolve("labels.csv"));
        Files.writeString(media.resolve("p1.srt"), "1\n00:00:00,200 --> 00:00:01,500\nwhat a lovely surprise\n\n"
                + "2\n00:00:02,100 --> 00:00:03,000\nthank you so much\n");
        Path out = dir.resolve("text.avro");

        CliRun run = CliRun.of("features", "extract", media.toString(), "--out", out.toString(), "--device", "cpu",
                "--text");

        assertThat(run.exitCode()).as(run.err()).isZero();
        FeatureMatrixLoader.Loaded loaded = FeatureMatrixLoader.load(out, null);
        assertThat(loaded.matrix().modalities()).containsExactly(Modality.VIDEO, Modality.AUDIO, Modality.TEXT);
        assertThat(loaded.matrix().dims()).containsEntry(Modality.TEXT, 768);
        assertThat(loaded.backbones().get(Modality.TEXT).getName()).isEqualTo("hashed-ngrams");
        float[] text = loaded.matrix().features().get(Modality.TEXT);
        int rows = loaded.matrix().size();
        assertThat(rows).isPositive();
        // every second from 0 on has heard the first caption; later ones also the second
        for (int r = 0; r < rows; r++) {
            float norm = 0;
            for (int j = 0; j < 768; j++) {
                norm += Math.abs(text[r * 768 + j]);
            }
            assertThat(norm).as("row %d", r).isPositive();
        }
    }

    @Test
    void shouldTakeTheTextThroughAUsersTorchScriptModuleAndItsTokenizer() throws Exception {
        Path modules = dir.resolve("modules");
        PyTorchScripts.run("torchscript_text.py", modules);
        Path media = dir.resolve("media");
        SimulationWriter.write(media, new SimulationWriter.Spec(1, 4, 4, 160, 120, 25), n -> { });
        Files.delete(media.resolve("labels.csv"));
        Files.writeString(media.resolve("p1.srt"), "1\n00:00:00,200 --> 00:00:01,500\nI am so happy today\n");
        Path out = dir.resolve("text.avro");

        CliRun run = CliRun.of("features", "extract", media.toString(), "--out", out.toString(), "--device", "cpu",
                "--text", "--text-backbone", "torchscript:" + modules.resolve("encoder.pt"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        FeatureMatrixLoader.Loaded loaded = FeatureMatrixLoader.load(out, null);
        assertThat(loaded.matrix().dims()).containsEntry(Modality.TEXT, 16);
        assertThat(loaded.backbones().get(Modality.TEXT).getName()).isEqualTo("torchscript:encoder.pt");
        assertThat(loaded.matrix().size()).isPositive();
    }

    @Test
    void shouldRefuseTheTextModalityWithoutCaptions() throws IOException {
        Path media = dir.resolve("media");
        SimulationWriter.write(media, new SimulationWriter.Spec(1, 2, 4, 160, 120, 25), n -> { });

        CliRun run = CliRun.of("features", "extract", media.toString(), "--out", dir.resolve("t.avro").toString(),
                "--device", "cpu", "--text");

        assertThat(run.exitCode()).isEqualTo(ErrorReporter.RUNTIME_ERROR);
        assertThat(run.err()).contains("needs captions beside", "p1.srt or p1.vtt");
    }

    @Test
    void shouldWriteASimulatedCallAsLabelledFeatures() throws IOException {
        Path out = dir.resolve("sim.avro");

        CliRun run = CliRun.of("features", "simulated", "--out", out.toString(), "--participants", "2", "--seconds", "3",
                "--device", "cpu");

        assertThat(run.exitCode()).as(run.err()).isZero();
        FeatureMatrixLoader.Loaded loaded = FeatureMatrixLoader.load(out, LabelSet.MOSEI_6);
        assertThat(loaded.matrix().size()).as("seconds of 2 participants x 3 s with a face found").isBetween(1, 6);
        assertThat(loaded.matrix().targetWidth()).isEqualTo(6);
        assertThat(loaded.matrix().modalities()).containsExactly(Modality.VIDEO, Modality.AUDIO);
    }

    @Test
    void shouldFailClearlyOnAMissingInput() {
        CliRun run = CliRun.of("features", "extract", dir.resolve("none").toString(), "--out",
                dir.resolve("f.avro").toString(), "--device", "cpu");

        assertThat(run.exitCode()).isEqualTo(ErrorReporter.RUNTIME_ERROR);
        assertThat(run.err()).contains("no media file or folder");
    }
}
