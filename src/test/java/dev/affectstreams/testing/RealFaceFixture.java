package dev.affectstreams.testing;

import dev.affectstreams.model.data.RealFaces;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real faces of the face-api package for tests, fetched with npm at test time (pinned version
 * and SHA-256) into {@code target/face-expression-net}; tests skip, saying why, where npm is
 * not installed.
 */
public final class RealFaceFixture {

    public static final Path PACKAGE = Path.of("target", "face-expression-net").toAbsolutePath();

    private RealFaceFixture() {
    }

    public static RealFaces fetchedOrSkipped() throws IOException {
        try {
            return RealFaces.in(PACKAGE);
        } catch (IOException e) {
            Assumptions.assumeTrue(!e.getMessage().contains("needs npm"), e.getMessage());
            throw e;
        }
    }
}
