package dev.affectstreams.model.backbone;

import dev.affectstreams.media.NpmPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The face expression network's weights (and demo photos) from the npm package {@value #SPEC}. */
public final class FaceExpressionPackage {

    public static final String SPEC = "@vladmandic/face-api@1.7.15";
    /** The network's name as a backbone. */
    public static final String NAME = FaceExpressionFrames.NAME;
    public static final String MANIFEST = "model/face_expression_model-weights_manifest.json";
    public static final String WEIGHTS = "model/face_expression_model.bin";
    static final NpmPackage NPM = new NpmPackage(SPEC, "vladmandic-face-api-1.7.15.tgz",
            "0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031",
            List.of("model/face_expression", "demo/sample"), WEIGHTS);

    /** The same package's TensorFlow.js build of face-api, to run the original network with Node.js. */
    static final NpmPackage RUNTIME = new NpmPackage(SPEC, NPM.tarball(), NPM.sha256(),
            List.of("dist/face-api.esm.js"), "dist/face-api.esm.js");

    private FaceExpressionPackage() {
    }

    /** Unpacks face-api's own JavaScript build into {@code dir} too (from the tarball kept there, or npm). */
    public static Path ensureRuntime(Path dir) throws IOException {
        return RUNTIME.ensure(dir);
    }

    /** Whether {@code backbones fetch face-expression-net} has installed the package. */
    public static boolean installed() {
        return present(FrameBackbone.FACE_EXPRESSION_DIR);
    }

    public static boolean present(Path dir) {
        return NPM.present(dir) && Files.isRegularFile(dir.resolve(MANIFEST));
    }

    /** Unpacks the package into {@code dir} unless it is there (see {@link NpmPackage#ensure}). */
    public static Path ensure(Path dir) throws IOException {
        return NPM.ensure(dir);
    }

    static String sha256(Path file) throws IOException {
        return NpmPackage.sha256(file);
    }
}
