package dev.affectstreams.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NnpackTest {

    private static final int CONVOLUTIONS = 20;

    /**
     * A JVM of its own, so that NNPACK is still on when it starts. A single small image is a
     * convolution libtorch does not hand to oneDNN; it asks NNPACK for each such call, and an
     * unsupported CPU printed one warning per call.
     */
    @Test
    void convolutionsOnAnyCpuPrintAtMostOneNnpackWarning() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dai.djl.offline=true", Convolutions.class.getName(), String.valueOf(CONVOLUTIONS))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("convolutions " + CONVOLUTIONS);
        assertThat(output.lines().filter(line -> line.contains("Could not initialize NNPACK")).count())
                .as(output).isLessThanOrEqualTo(1);
    }

    @Test
    void leavesNnpackOnOnlyWhereItInitialises() {
        Nnpack.offWhereUnsupported();
        Nnpack.offWhereUnsupported();

        assertThat(Nnpack.enabled()).isEqualTo(Nnpack.supportedOnThisCpu());
    }

    /** Runs single-image 3x3 2D convolutions after {@link GradMode#offOnThisThread()}. */
    public static final class Convolutions {
        public static void main(String[] args) throws IOException {
            int count = Integer.parseInt(args[0]);
            GradMode.offOnThisThread();
            List<Float> sums = new ArrayList<>();
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray input = manager.ones(new Shape(1, 3, 24, 24));
                NDArray weight = manager.ones(new Shape(8, 3, 3, 3));
                for (int i = 0; i < count; i++) {
                    NDArray out = Conv2d.conv2d(input, weight, null,
                            new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow();
                    sums.add(out.sum().getFloat());
                }
            }
            System.out.println("convolutions " + sums.size() + " sum " + sums.get(0));
        }
    }
}
