package dev.affectstreams.model.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java port against the original: outputs of face-api's network in TensorFlow.js (pure-JS
 * CPU backend) on fixed inputs, stored by {@code src/test/node/face-expression-reference.mjs};
 * and a real photo of a smiling person from the package's demo, labelled happy. The package is
 * fetched with npm at test time (pinned version and SHA-256) into {@code target/}.
 */
class FaceExpressionNetTest {

    private static final Path PACKAGE = Path.of("target", "face-expression-net").toAbsolutePath();
    private static FaceExpressionNet net;

    /** Why the package could not be fetched (no npm), or null: each test is then skipped with that reason. */
    private static String missing;

    @BeforeAll
    static void load() throws IOException {
        try {
            FaceExpressionPackage.ensure(PACKAGE);
        } catch (IOException e) {
            if (!e.getMessage().contains("needs npm")) {
                throw e;
            }
            missing = e.getMessage();
            return;
        }
        net = FaceExpressionNet.load(PACKAGE, Device.cpu());
    }

    @BeforeEach
    void requirePackage() {
        Assumptions.assumeTrue(missing == null, missing);
    }

    @AfterAll
    static void close() {
        if (net != null) {
            net.close();
        }
    }

    /** The formula the reference script uses for its inputs. */
    private static float[] pattern(int k) {
        float[] v = new float[112 * 112 * 3];
        for (int h = 0; h < 112; h++) {
            for (int w = 0; w < 112; w++) {
                for (int c = 0; c < 3; c++) {
                    v[(h * 112 + w) * 3 + c] = (h * (17 + k) + w * (29 + 2 * k) + c * 71 + h * w * (k + 1)) % 256;
                }
            }
        }
        return v;
    }

    @Test
    void shouldMatchTheOriginalNetworkWithin1e4() throws IOException {
        JsonNode reference;
        try (InputStream in = getClass().getResourceAsStream("/face-expression-net/reference.json")) {
            reference = new ObjectMapper().readTree(in);
        }
        assertThat(reference.get("cases")).hasSize(3);
        for (JsonNode c : reference.get("cases")) {
            NDArray x = net.manager().create(pattern(c.get("pattern").asInt()), new Shape(1, 112, 112, 3));
            NDArray features = net.features(x);
            float[] f = features.toFloatArray();
            float[] logits = net.logits(features).toFloatArray();
            assertThat(f).hasSize(FaceExpressionNet.FEATURES);
            for (int i = 0; i < f.length; i++) {
                assertThat(f[i]).as("feature %d of pattern %s", i, c.get("pattern"))
                        .isCloseTo((float) c.get("features").get(i).asDouble(), within(1e-4f));
            }
            for (int i = 0; i < logits.length; i++) {
                assertThat(logits[i]).as("logit %d", i).isCloseTo((float) c.get("logits").get(i).asDouble(),
                        within(1e-4f));
            }
        }
    }

    @Test
    void shouldCallARealSmilingFaceHappy() throws IOException {
        BufferedImage photo = ImageIO.read(PACKAGE.resolve("demo/sample6.jpg").toFile());
        // the second person from the left, smiling at the camera
        BufferedImage face = photo.getSubimage(690, 390, 170, 210);

        NDArray x = net.manager().create(FaceExpressionNet.input(face), new Shape(1, 112, 112, 3));
        float[] p = net.logits(net.features(x)).softmax(1).toFloatArray();

        int best = 0;
        for (int i = 1; i < p.length; i++) {
            best = p[i] > p[best] ? i : best;
        }
        assertThat(FaceExpressionNet.LABELS.get(best)).as("probabilities %s", Arrays.toString(p))
                .isEqualTo("happy");
        assertThat(p[FaceExpressionNet.LABELS.indexOf("happy")]).isGreaterThan(0.5f);
    }

    @Test
    void shouldServeAsA2dBackboneOfFaceCrops() throws IOException {
        BufferedImage photo = ImageIO.read(PACKAGE.resolve("demo/sample6.jpg").toFile());
        Rectangle smiling = new Rectangle(690, 390, 170, 210);
        try (FaceExpressionFrames frames = FaceExpressionFrames.open(PACKAGE, Device.cpu())) {
            float[][] v = frames.embed(List.of(photo, photo), Arrays.asList(smiling, null));

            assertThat(frames.id().getName()).isEqualTo("face-expression-net");
            assertThat(frames.id().getWeightsSha256()).hasSize(64);
            assertThat(v).hasDimensions(2, FaceExpressionNet.FEATURES);
            float[] direct = net.features(net.manager().create(FaceExpressionNet.input(
                    photo.getSubimage(690, 390, 170, 210)), new Shape(1, 112, 112, 3))).toFloatArray();
            assertThat(v[0]).containsExactly(direct, within(1e-5f));
            assertThat(v[1]).as("the whole photo is another input than the face").isNotEqualTo(v[0]);
        }
    }
}
