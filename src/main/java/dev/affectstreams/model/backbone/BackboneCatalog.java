package dev.affectstreams.model.backbone;

import ai.djl.Device;
import dev.affectstreams.avro.BackboneId;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The built-in backbones by spec name. Paper scale: {@code resnet152} (2D, 2048, 180 px),
 * {@code r3d101} (3D, 2048, 16 × 180 px), {@code resdavenet} (audio, 1024, 128 mels). Small
 * variants for tests and CPU demos: {@code resnet-small}, {@code r3d-small} (112 px inputs) and
 * {@code resdavenet-small}. All carry seeded random weights.
 */
public final class BackboneCatalog {

    /** What kind of input a backbone takes. */
    public enum Kind { FRAME_2D, CLIP_3D, MEL }

    /** A built-in: its kind, its input shape (without batch) and how to build the network. */
    public record Spec(String name, Kind kind, long[] inputShape, Supplier<Architectures.Net> net) {
    }

    private static final int MEL_FRAMES = 101;

    private static final Map<String, Spec> SPECS = Map.of(
            "resnet152", new Spec("resnet152", Kind.FRAME_2D, new long[] {3, 180, 180},
                    () -> Architectures.resnet2d(new int[] {3, 8, 36, 3}, 64, 180)),
            "resnet-small", new Spec("resnet-small", Kind.FRAME_2D, new long[] {3, 112, 112},
                    () -> Architectures.resnet2d(new int[] {1, 1, 1, 1}, 8, 112)),
            "r3d101", new Spec("r3d101", Kind.CLIP_3D, new long[] {3, 16, 180, 180},
                    () -> Architectures.resnet3d(new int[] {3, 4, 23, 3}, 64, 16, 180, 7)),
            "r3d-small", new Spec("r3d-small", Kind.CLIP_3D, new long[] {3, 16, 112, 112},
                    () -> Architectures.resnet3d(new int[] {1, 1, 1, 1}, 8, 16, 112, 3)),
            "resdavenet", new Spec("resdavenet", Kind.MEL, new long[] {1, 128, MEL_FRAMES},
                    () -> Architectures.resdavenet(new int[] {128, 256, 256, 512, 1024}, 128, MEL_FRAMES)),
            "resdavenet-small", new Spec("resdavenet-small", Kind.MEL, new long[] {1, 128, MEL_FRAMES},
                    () -> Architectures.resdavenet(new int[] {16, 32, 32, 64, 128}, 128, MEL_FRAMES)));

    private BackboneCatalog() {
    }

    public static List<String> names() {
        return SPECS.keySet().stream().sorted().toList();
    }

    public static Spec spec(String name) {
        Spec spec = SPECS.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("unknown backbone '" + name + "'; built-ins: " + names());
        }
        return spec;
    }

    /** A built-in with seeded random weights; its id records the seed in place of a weights hash. */
    public static ConvBackbone open(String name, Device device, long seed) {
        Spec spec = spec(name);
        return new ConvBackbone(new BackboneId(name, "1", "random:" + seed), spec.net().get(), spec.inputShape(), device,
                seed);
    }
}
