package dev.affectstreams.model.backbone;

import ai.djl.nn.SequentialBlock;

/**
 * The reference's backbone architectures, and small variants of them, as DJL blocks with their
 * analytic cost. Weights are random (seeded): they measure cost honestly and run the pipeline,
 * they do not recognise anything.
 */
public final class Architectures {

    private Architectures() {
    }

    /**
     * A network, its output width, its multiply-accumulates per input and the bytes of the largest
     * buffer a 3D convolution unfolds one input into (0 for 2D networks).
     */
    public record Net(SequentialBlock block, int outputDim, long macs, long unfoldBytesPerInput) {
    }

    /**
     * torchvision ResNet (bottleneck) on [3, size, size]: stem 7×7/2 + max-pool, then stages of
     * the given depths at widths base·(1, 2, 4, 8), pooled: ResNet-152 is depths 3, 8, 36, 3 at base 64.
     */
    public static Net resnet2d(int[] depths, int base, int size) {
        ConvNetBuilder b = new ConvNetBuilder(3, size, size);
        SequentialBlock net = new SequentialBlock()
                .add(b.convBn(base, b.fill(7), b.fill(2), b.fill(3), true))
                .add(b.maxPool(3, 2, 1));
        stages(b, net, depths, base);
        net.add(b.globalMean());
        return new Net(net, (int) b.channels(), b.macs(), b.unfoldBytesPerInput());
    }

    /**
     * Hara's 3D ResNet (bottleneck, shortcut B) on [3, frames, size, size]: stem 7×7×7 with
     * stride (1, 2, 2) + max-pool 3/2, stages at widths base·(1, 2, 4, 8), pooled:
     * 3D-ResNet-101 is depths 3, 4, 23, 3 at base 64.
     */
    public static Net resnet3d(int[] depths, int base, int frames, int size, int stemDepth) {
        ConvNetBuilder b = new ConvNetBuilder(3, frames, size, size);
        SequentialBlock net = new SequentialBlock()
                .add(b.convBn(base, new long[] {stemDepth, 7, 7}, new long[] {1, 2, 2},
                        new long[] {stemDepth / 2, 3, 3}, true))
                .add(b.maxPool(3, 2, 1));
        stages(b, net, depths, base);
        net.add(b.globalMean());
        return new Net(net, (int) b.channels(), b.macs(), b.unfoldBytesPerInput());
    }

    /**
     * ResDAVEnet's audio branch as the reference builds it: a (40 × 1) first convolution
     * (designed for 40 mels, fed 128, so it slides over frequency), then four stages of two
     * basic blocks with (1 × 9) kernels and stride 2, pooled over frequency × time.
     * Paper widths: 128, then 256, 256, 512, 1024.
     */
    public static Net resdavenet(int[] widths, int mels, int frames) {
        ConvNetBuilder b = new ConvNetBuilder(1, mels, frames);
        SequentialBlock net = new SequentialBlock()
                .add(b.convBn(widths[0], new long[] {40, 1}, new long[] {1, 1}, new long[] {0, 0}, true));
        for (int stage = 1; stage < widths.length; stage++) {
            net.add(b.basic(widths[stage], new long[] {1, 9}, new long[] {0, 4}, new long[] {2, 2}));
            net.add(b.basic(widths[stage], new long[] {1, 9}, new long[] {0, 4}, new long[] {1, 1}));
        }
        net.add(b.globalMean());
        return new Net(net, (int) b.channels(), b.macs(), b.unfoldBytesPerInput());
    }

    private static void stages(ConvNetBuilder b, SequentialBlock net, int[] depths, int base) {
        for (int stage = 0; stage < depths.length; stage++) {
            long width = (long) base << stage;
            for (int i = 0; i < depths[stage]; i++) {
                net.add(b.bottleneck(width, i == 0 && stage > 0 ? 2 : 1));
            }
        }
    }
}
