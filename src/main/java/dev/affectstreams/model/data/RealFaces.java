package dev.affectstreams.model.data;

import dev.affectstreams.media.NpmPackage;
import dev.affectstreams.model.backbone.FaceExpressionPackage;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Real faces to measure on: the demo photos of the face-api npm package (fetched with the face
 * expression network, pinned version and SHA-256, never part of this repository), the example
 * photo of the {@code tracking} npm package ({@link #TRACKING}, three men, where it can be
 * fetched), and a box and an expression per face drawn by hand in {@code /real-faces/faces.csv}
 * (22 faces in 6 group photos of women: 8 smiling, 7 neutral, 7 other; 3 neutral men). The
 * expression is how a person reads the face, not a dataset label; "other" (a pout, talking, a
 * faint smile) is left out of smiling-versus-neutral comparisons.
 */
public final class RealFaces {

    /** How a person reads a face. */
    public enum Expression { SMILING, NEUTRAL, OTHER }

    /** One annotated face: its photo, its box in the photo and its expression. */
    public record Face(int index, String photo, Rectangle box, Expression expression) {
    }

    /** A smiling face and a neutral one that every detector here finds, for tests. */
    public static final int SMILING = 7;
    public static final int NEUTRAL = 13;

    /** The {@code tracking} package's example photo of three faces. */
    public static final NpmPackage TRACKING = new NpmPackage("tracking@1.1.3", "tracking-1.1.3.tgz",
            "cac8569e3f1e6158a3b1162fe2212a33c671c17f67729ad6a7fa2e35faaa52fb",
            List.of("examples/assets/faces.jpg"), "examples/assets/faces.jpg");
    private static final String TRACKING_PREFIX = "tracking:";

    private final Path packageDir;
    private final Path trackingDir;
    private final List<Face> faces;
    private final Map<String, BufferedImage> photos = new HashMap<>();

    private RealFaces(Path packageDir, Path trackingDir, List<Face> faces) {
        this.packageDir = packageDir;
        this.trackingDir = trackingDir;
        this.faces = faces;
    }

    /** The faces of the face-api package unpacked in {@code dir} (fetched there first when missing; needs npm then). */
    public static RealFaces in(Path dir) throws IOException {
        FaceExpressionPackage.ensure(dir);
        return new RealFaces(dir, null, annotations(false));
    }

    /**
     * The same with the {@code tracking} package's faces, fetched into {@code trackingDir} when
     * missing; without them where that fails (say, no npm).
     */
    public static RealFaces withTracking(Path dir, Path trackingDir) throws IOException {
        FaceExpressionPackage.ensure(dir);
        try {
            TRACKING.ensure(trackingDir);
            return new RealFaces(dir, trackingDir, annotations(true));
        } catch (IOException e) {
            return new RealFaces(dir, null, annotations(false));
        }
    }

    private static List<Face> annotations(boolean tracking) throws IOException {
        List<Face> faces = new ArrayList<>();
        try (InputStream in = RealFaces.class.getResourceAsStream("/real-faces/faces.csv");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(",");
                if (!tracking && f[0].startsWith(TRACKING_PREFIX)) {
                    continue;
                }
                faces.add(new Face(faces.size(), f[0], new Rectangle(Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                        Integer.parseInt(f[3]), Integer.parseInt(f[4])),
                        Expression.valueOf(f[5].trim().toUpperCase(Locale.ROOT))));
            }
        }
        return faces;
    }

    public Path packageDir() {
        return packageDir;
    }

    public List<Face> faces() {
        return faces;
    }

    /** Every face of a photo. */
    public List<Face> facesOf(String photo) {
        return faces.stream().filter(f -> f.photo().equals(photo)).toList();
    }

    /** The photos, in file order. */
    public List<String> photoNames() {
        return faces.stream().map(Face::photo).distinct().toList();
    }

    public BufferedImage photo(String name) {
        return photos.computeIfAbsent(name, n -> {
            try {
                Path file = n.startsWith(TRACKING_PREFIX)
                        ? trackingDir.resolve("examples/assets").resolve(n.substring(TRACKING_PREFIX.length()))
                        : packageDir.resolve("demo").resolve(n);
                return ImageIO.read(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + n, e);
            }
        });
    }

    /** The face's tight crop from its photo. */
    public BufferedImage crop(int index) {
        Face f = faces.get(index);
        return photo(f.photo()).getSubimage(f.box().x, f.box().y, f.box().width, f.box().height);
    }

    /**
     * A webcam-like frame of {@code width} x {@code height} cut from the face's photo around the
     * face (three face widths across, as a participant sits before a laptop camera), with the
     * face's box in that frame.
     */
    public Framed framed(int index, int width, int height) {
        Face f = faces.get(index);
        BufferedImage photo = photo(f.photo());
        int cw = Math.min(photo.getWidth(), f.box().width * 3);
        int ch = Math.min(photo.getHeight(), cw * height / width);
        int cx = Math.max(0, Math.min(photo.getWidth() - cw, f.box().x + f.box().width / 2 - cw / 2));
        int cy = Math.max(0, Math.min(photo.getHeight() - ch, f.box().y + f.box().height / 2 - ch / 2));
        BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        var g = frame.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
                RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(photo.getSubimage(cx, cy, cw, ch), 0, 0, width, height, null);
        g.dispose();
        double sx = (double) width / cw;
        double sy = (double) height / ch;
        Rectangle box = new Rectangle((int) Math.round((f.box().x - cx) * sx), (int) Math.round((f.box().y - cy) * sy),
                (int) Math.round(f.box().width * sx), (int) Math.round(f.box().height * sy));
        return new Framed(frame, box);
    }

    /**
     * A screencast as a presenter shares it: a 1280x720 desktop of code with the face's webcam
     * view in a 240x180 inset at its bottom right, with the face's box in the screencast.
     */
    public Framed screencast(int index) {
        Framed inset = framed(index, 240, 180);
        BufferedImage screen = new BufferedImage(1280, 720, BufferedImage.TYPE_3BYTE_BGR);
        var g = screen.createGraphics();
        g.setColor(new Color(235, 235, 235));
        g.fillRect(0, 0, 1280, 720);
        g.setColor(new Color(40, 40, 40));
        for (int line = 0; line < 30; line++) {
            g.drawString("for chunk in stream: events.append(model.score(chunk)) # " + line, 40, 30 + line * 20);
        }
        g.drawImage(inset.frame(), INSET_X, INSET_Y, null);
        g.dispose();
        Rectangle face = inset.face();
        return new Framed(screen, new Rectangle(face.x + INSET_X, face.y + INSET_Y, face.width, face.height));
    }

    private static final int INSET_X = 1010;
    private static final int INSET_Y = 510;

    /** A frame and where the face is in it. */
    public record Framed(BufferedImage frame, Rectangle face) {
    }

    /** The image moved by (dx, dy) pixels, the edge repeated: camera shake between frames. */
    public static BufferedImage shifted(BufferedImage image, int dx, int dy) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < image.getHeight(); y++) {
            int sy = Math.max(0, Math.min(image.getHeight() - 1, y - dy));
            for (int x = 0; x < image.getWidth(); x++) {
                int sx = Math.max(0, Math.min(image.getWidth() - 1, x - dx));
                out.setRGB(x, y, image.getRGB(sx, sy));
            }
        }
        return out;
    }
}
