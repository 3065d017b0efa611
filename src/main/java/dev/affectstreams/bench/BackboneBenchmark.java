package dev.affectstreams.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.affectstreams.model.GradMode;
import dev.affectstreams.model.backbone.BackboneCatalog;
import dev.affectstreams.model.backbone.ConvBackbone;
import dev.affectstreams.model.backbone.FaceExpressionNet;
import dev.affectstreams.model.backbone.FaceExpressionPackage;
import dev.affectstreams.model.backbone.FrameBackbone;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Cost of each built-in backbone (and of face-expression-net once fetched) per chunk at several batch sizes: ms per chunk, achieved
 * GFLOP/s from the architecture's analytic multiply-accumulates (1 MAC = 2 FLOP), and that
 * rate as a fraction of a large matrix multiply measured in the same JVM on the same device.
 */
public final class BackboneBenchmark {

    private static final String FACE_EXPRESSION_NET = "face-expression-net";

    private BackboneBenchmark() {
    }

    /** One backbone at one batch size. */
    public record Row(String backbone, int batch, double gmacPerChunk, double msPerChunk, double gflops,
                      double ofMatmul) {
    }

    /** The table and the matrix-multiply reference it is compared with. */
    public record Result(String device, double matmulGflops, List<Row> rows) {
    }

    public static Result run(List<String> backbones, List<Integer> batches, Device device, Consumer<String> log) {
        GradMode.offOnThisThread();
        double matmul = matmulGflops(device);
        log.accept(String.format("matrix multiply 2048 x 2048 on %s: %.1f GFLOP/s", device, matmul));
        List<Row> rows = new ArrayList<>();
        int largest = batches.stream().mapToInt(Integer::intValue).max().orElse(1);
        for (String name : backbones) {
            try (Subject subject = open(name, device)) {
                if (subject == null) {
                    log.accept(name + ": not fetched (`affect-streams backbones fetch " + name + "`); left out");
                    continue;
                }
                float[] inputs = random((int) subject.volume() * largest);
                subject.run(Arrays.copyOf(inputs, (int) subject.volume()), 1);
                for (int batch : batches) {
                    float[] x = Arrays.copyOf(inputs, (int) subject.volume() * batch);
                    long start = System.nanoTime();
                    subject.run(x, batch);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double gflops = 2.0 * subject.macs() * batch / seconds / 1e9;
                    Row row = new Row(name, batch, subject.macs() / 1e9, 1000 * seconds / batch, gflops, gflops / matmul);
                    rows.add(row);
                    log.accept(String.format("%-19s batch %3d  %8.1f ms/chunk  %6.1f GFLOP/s  (%.0f%% of matmul)", name,
                            batch, row.msPerChunk(), gflops, 100 * row.ofMatmul()));
                }
            }
        }
        return new Result(device.toString(), matmul, rows);
    }

    /** What is timed: a network over preprocessed inputs of one chunk each, and its analytic cost. */
    private interface Subject extends AutoCloseable {

        /** Input values per chunk. */
        long volume();

        /** Multiply-accumulates per chunk. */
        long macs();

        void run(float[] inputs, int batch);

        @Override
        void close();
    }

    /** A built-in, or face-expression-net from its fetched package (null when not fetched). */
    private static Subject open(String name, Device device) {
        if (name.equals(FACE_EXPRESSION_NET)) {
            if (!FaceExpressionPackage.present(FrameBackbone.FACE_EXPRESSION_DIR)) {
                return null;
            }
            try {
                return faceExpressionNet(FaceExpressionNet.load(FrameBackbone.FACE_EXPRESSION_DIR, device));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return conv(BackboneCatalog.open(name, device, 1));
    }

    private static Subject faceExpressionNet(FaceExpressionNet net) {
        return new Subject() {
            @Override
            public long volume() {
                return (long) FaceExpressionNet.SIZE * FaceExpressionNet.SIZE * 3;
            }

            @Override
            public long macs() {
                return FaceExpressionNet.macs();
            }

            @Override
            public void run(float[] inputs, int batch) {
                try (NDManager scope = net.manager().newSubManager()) {
                    net.features(scope.create(inputs, new Shape(batch, FaceExpressionNet.SIZE,
                            FaceExpressionNet.SIZE, 3))).toFloatArray();
                }
            }

            @Override
            public void close() {
                net.close();
            }
        };
    }

    private static Subject conv(ConvBackbone backbone) {
        return new Subject() {
            @Override
            public long volume() {
                long volume = 1;
                for (long d : backbone.inputShape()) {
                    volume *= d;
                }
                return volume;
            }

            @Override
            public long macs() {
                return backbone.macs();
            }

            @Override
            public void run(float[] inputs, int batch) {
                backbone.embed(inputs, batch);
            }

            @Override
            public void close() {
                backbone.close();
            }
        };
    }

    static double matmulGflops(Device device) {
        int n = 2048;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray a = manager.create(random(n * n), new Shape(n, n));
            NDArray b = manager.create(random(n * n), new Shape(n, n));
            a.matMul(b).toFloatArray();
            long start = System.nanoTime();
            int reps = 3;
            for (int i = 0; i < reps; i++) {
                a.matMul(b).toFloatArray();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return 2.0 * n * n * (double) n * reps / seconds / 1e9;
        }
    }

    private static float[] random(int n) {
        Random r = new Random(5);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    public static String markdown(Result result) {
        StringBuilder md = new StringBuilder(String.format("Matrix multiply reference on %s: %.1f GFLOP/s.%n%n",
                result.device(), result.matmulGflops()));
        md.append("| backbone | GMAC per chunk | batch | ms per chunk | GFLOP/s | of matmul |\n|---|---|---|---|---|---|\n");
        for (Row r : result.rows()) {
            md.append(String.format("| %s | %.2f | %d | %.1f | %.1f | %.0f%% |%n", r.backbone(), r.gmacPerChunk(),
                    r.batch(), r.msPerChunk(), r.gflops(), 100 * r.ofMatmul()));
        }
        return md.toString();
    }
}
