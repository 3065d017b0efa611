package dev.affectstreams.model.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TorchScript module written by PyTorch itself ({@code src/test/python/torchscript_backbone.py},
 * run with a Python that has torch) loaded as a 2D backbone: same output as in PyTorch, and its
 * identity carries the file's hash. Skipped, saying so, where no Python with torch is installed.
 */
class TorchScriptBackboneTest {

    @TempDir
    Path dir;

    private Path export() throws IOException, InterruptedException {
        PyTorchScripts.run("torchscript_backbone.py", dir);
        return dir;
    }

    @Test
    void shouldRunAUsersTorchScriptModuleAsItRunsInPyTorch() throws Exception {
        Path out = export();
        JsonNode expected = new ObjectMapper().readTree(out.resolve("pooled.json").toFile()).get("expected");
        float[] x = new float[3 * 180 * 180];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) i / x.length;
        }

        try (TensorBackbone backbone = TensorBackbone.open("torchscript:" + out.resolve("pooled.pt"),
                BackboneCatalog.Kind.FRAME_2D, Device.cpu(), 1)) {
            float[] y = backbone.embed(x, 1)[0];

            assertThat(backbone.outputDim()).isEqualTo(8);
            assertThat(backbone.id().getName()).isEqualTo("torchscript:pooled.pt");
            assertThat(backbone.id().getWeightsSha256()).hasSize(64);
            assertThat(y).hasSize(expected.size());
            for (int i = 0; i < y.length; i++) {
                assertThat(y[i]).as("feature %d", i).isCloseTo((float) expected.get(i).asDouble(), within(1e-5f));
            }
        }
    }

    @Test
    void shouldRefuseAMissingModuleClearly() {
        assertThatThrownBy(() -> TensorBackbone.open("torchscript:" + dir.resolve("none.pt"),
                BackboneCatalog.Kind.FRAME_2D, Device.cpu(), 1))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("no TorchScript module at");
    }
}
