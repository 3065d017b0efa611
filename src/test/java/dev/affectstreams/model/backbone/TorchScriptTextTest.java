package dev.affectstreams.model.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affectstreams.media.MediaChunk;
import dev.affectstreams.media.Normalization;
import dev.affectstreams.model.Modality;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A text encoder and tokenizer written by PyTorch ({@code src/test/python/torchscript_text.py})
 * as a text backbone: the Hugging Face tokenizer gives the ids PyTorch was fed, the pooled
 * features match PyTorch's, padding a batch changes nothing, and the newest words survive
 * truncation. Skipped, saying so, where no Python with torch is installed.
 */
class TorchScriptTextTest {

    @TempDir
    static Path dir;

    private static JsonNode expected;

    @BeforeAll
    static void export() throws Exception {
        PyTorchScripts.run("torchscript_text.py", dir);
        expected = new ObjectMapper().readTree(dir.resolve("encoder.json").toFile()).get("expected");
    }

    private static TextBackbone open() {
        return TextBackbone.open("torchscript:" + dir.resolve("encoder.pt"), Device.cpu());
    }

    @Test
    void shouldTokeniseAndPoolAsPyTorchDoes() {
        try (TextBackbone text = open()) {
            List<String> transcripts = new ArrayList<>();
            expected.forEach(e -> transcripts.add(e.get("text").asText()));
            float[][] features = text.embed(transcripts);

            assertThat(text.outputDim()).isEqualTo(16);
            assertThat(text.id().getName()).isEqualTo("torchscript:encoder.pt");
            assertThat(text.id().getWeightsSha256()).matches("[0-9a-f]{64}\\+[0-9a-f]{64}");
            for (int i = 0; i < transcripts.size(); i++) {
                JsonNode e = expected.get(i);
                long[] ids = ((TorchScriptText) text).tokens(e.get("text").asText());
                assertThat(ids).as("ids of '%s'", e.get("text").asText())
                        .containsExactly(longs(e.get("ids")));
                for (int j = 0; j < 16; j++) {
                    assertThat(features[i][j]).as("'%s' feature %d", e.get("text").asText(), j)
                            .isCloseTo((float) e.get("features").get(j).asDouble(), within(1e-5f));
                }
            }
        }
    }

    @Test
    void shouldGiveEachTranscriptTheSameFeaturesAloneAsInAPaddedBatch() {
        try (TextBackbone text = open()) {
            String shortOne = "so happy";
            String longOne = "we will see what happens today i am so happy";
            float[][] batch = text.embed(List.of(shortOne, longOne));

            assertThat(batch[0]).usingElementComparator(close()).containsExactly(text.embed(List.of(shortOne))[0]);
            assertThat(batch[1]).usingElementComparator(close()).containsExactly(text.embed(List.of(longOne))[0]);
            assertThat(batch[0]).usingElementComparator(close()).isNotEqualTo(batch[1]);
        }
    }

    @Test
    void shouldKeepTheFirstTokenAndTheNewestWordsOfALongTranscript() throws Exception {
        try (TorchScriptText text = TorchScriptText.load(dir.resolve("encoder.pt"), Device.cpu(), 8)) {
            long[] ids = text.tokens("i am so happy today this is terrible news we will see");

            // <s> + the last six words + </s>: "is terrible news we will see"
            assertThat(ids).containsExactly(0, 10, 11, 12, 13, 14, 15, 2);
            assertThat(text.embed(List.of("i am so happy today this is terrible news we will see"))[0]).hasSize(16);
        }
    }

    @Test
    void shouldGiveTheExtractorsChunksTheModulesTextFeatures() {
        List<MediaChunk> chunks = List.of(new MediaChunk(0, List.of(), new long[0], new float[16_000], 10),
                new MediaChunk(1, List.of(), new long[0], new float[16_000], 10));
        try (FeatureExtractor extractor = new FeatureExtractor("resnet-small", "r3d-small", "resdavenet-small",
                "torchscript:" + dir.resolve("encoder.pt"), Normalization.PAPER_2D, Device.cpu(), 1);
             TextBackbone text = open()) {
            List<FeatureExtractor.ChunkFeatures> features = extractor.extract(chunks, Arrays.asList(null, null),
                    List.of("I am so happy today", "this is terrible news"));

            assertThat(extractor.dims()).containsEntry(Modality.TEXT, 16);
            assertThat(extractor.backbones().get(Modality.TEXT)).isEqualTo(text.id());
            assertThat(features.get(1).vectors().get(Modality.TEXT)).usingElementComparator(close())
                    .containsExactly(text.embed(List.of("this is terrible news"))[0]);
            assertThat(extractor.emptyTranscript()).usingElementComparator(close())
                    .containsExactly(text.embed(List.of(""))[0]);
        }
    }

    @Test
    void shouldRefuseAModuleWithoutItsTokenizerClearly() throws Exception {
        Path alone = dir.resolve("alone");
        Files.createDirectories(alone);
        Files.copy(dir.resolve("encoder.pt"), alone.resolve("encoder.pt"));

        assertThatThrownBy(() -> TextBackbone.open("torchscript:" + alone.resolve("encoder.pt"), Device.cpu()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("needs its tokenizer at " + alone.resolve("encoder.tokenizer.json"));
    }

    @Test
    void shouldRefuseAnUnknownTextBackbone() {
        assertThatThrownBy(() -> TextBackbone.open("bert", Device.cpu()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hashed-ngrams or torchscript:PATH");
    }

    private static Comparator<Float> close() {
        return (a, b) -> Math.abs(a - b) <= 1e-5f ? 0 : Float.compare(a, b);
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }
}
