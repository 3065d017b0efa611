package dev.affectstreams.model.backbone;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.Arrays;
import java.util.List;

/**
 * Builds 2D or 3D convolutional networks layer by layer while tracking the activation shape
 * (channels, then spatial sizes) and counting multiply-accumulates, so every backbone knows its
 * analytic cost at its input size.
 */
final class ConvNetBuilder {

    private final int dims;
    private long channels;
    private final long[] spatial;
    private long macs;
    private long largestUnfold;

    /** @param input channels followed by the spatial sizes (2 or 3 of them) */
    ConvNetBuilder(long... input) {
        this.dims = input.length - 1;
        this.channels = input[0];
        this.spatial = Arrays.copyOfRange(input, 1, input.length);
    }

    long macs() {
        return macs;
    }

    /**
     * Bytes of the largest buffer PyTorch's CPU 3D convolution unfolds one input into
     * (input channels × kernel volume × output positions, float32); 0 for 2D networks, whose
     * convolutions need no such buffer.
     */
    long unfoldBytesPerInput() {
        return largestUnfold * Float.BYTES;
    }

    long channels() {
        return channels;
    }

    long[] spatial() {
        return spatial.clone();
    }

    /** Convolution without bias, then batch norm, optionally ReLU. */
    Block convBn(long filters, long[] kernel, long[] stride, long[] pad, boolean relu) {
        SequentialBlock seq = new SequentialBlock().add(conv(filters, kernel, stride, pad)).add(BatchNorm.builder().build());
        if (relu) {
            seq.add(Activation.reluBlock());
        }
        return seq;
    }

    Block conv(long filters, long[] kernel, long[] stride, long[] pad) {
        long kernelVolume = 1;
        for (int i = 0; i < dims; i++) {
            spatial[i] = (spatial[i] + 2 * pad[i] - kernel[i]) / stride[i] + 1;
            kernelVolume *= kernel[i];
        }
        long outVolume = Arrays.stream(spatial).reduce(1, (a, b) -> a * b);
        macs += outVolume * filters * kernelVolume * channels;
        if (dims == 3 && kernelVolume > 1) {
            largestUnfold = Math.max(largestUnfold, channels * kernelVolume * outVolume);
        }
        channels = filters;
        return dims == 2
                ? Conv2d.builder().setKernelShape(new Shape(kernel)).optStride(new Shape(stride))
                        .optPadding(new Shape(pad)).setFilters((int) filters).optBias(false).build()
                : Conv3d.builder().setKernelShape(new Shape(kernel)).optStride(new Shape(stride))
                        .optPadding(new Shape(pad)).setFilters((int) filters).optBias(false).build();
    }

    Block maxPool(long kernel, long stride, long pad) {
        long[] k = fill(kernel);
        long[] s = fill(stride);
        long[] p = fill(pad);
        for (int i = 0; i < dims; i++) {
            spatial[i] = (spatial[i] + 2 * p[i] - k[i]) / s[i] + 1;
        }
        return dims == 2 ? Pool.maxPool2dBlock(new Shape(k), new Shape(s), new Shape(p))
                : Pool.maxPool3dBlock(new Shape(k), new Shape(s), new Shape(p));
    }

    /** Mean over every spatial position: [B, C, ...] → [B, C]. */
    Block globalMean() {
        return dims == 2 ? Pool.globalAvgPool2dBlock() : Pool.globalAvgPool3dBlock();
    }

    /** torchvision/Hara bottleneck: 1×1 → k (stride here) → 1×1 (×4), projection shortcut when the shape changes. */
    Block bottleneck(long width, long stride) {
        long in = channels;
        long[] before = spatial.clone();
        Block a = convBn(width, fill(1), fill(1), fill(0), true);
        Block b = convBn(width, fill(3), fill(stride), fill(1), true);
        Block c = convBn(width * 4, fill(1), fill(1), fill(0), false);
        Block main = new SequentialBlock().add(a).add(b).add(c);
        Block shortcut = Blocks.identityBlock();
        if (stride != 1 || in != width * 4) {
            shortcut = projection(in, before, width * 4, fill(stride));
        }
        return residual(main, shortcut);
    }

    /** Two convolutions with the given kernel (ResDAVEnet's BasicBlock), projection shortcut when the shape changes. */
    Block basic(long width, long[] kernel, long[] pad, long[] stride) {
        long in = channels;
        long[] before = spatial.clone();
        Block a = convBn(width, kernel, stride, pad, true);
        Block b = convBn(width, kernel, fill(1), pad, false);
        Block main = new SequentialBlock().add(a).add(b);
        Block shortcut = Blocks.identityBlock();
        if (in != width || Arrays.stream(stride).anyMatch(s -> s != 1)) {
            shortcut = projection(in, before, width, stride);
        }
        return residual(main, shortcut);
    }

    private Block projection(long in, long[] before, long out, long[] stride) {
        long outVolume = 1;
        for (int i = 0; i < dims; i++) {
            outVolume *= (before[i] - 1) / stride[i] + 1;
        }
        macs += outVolume * out * in;
        Block conv = dims == 2
                ? Conv2d.builder().setKernelShape(new Shape(fill(1))).optStride(new Shape(stride)).setFilters((int) out)
                        .optBias(false).build()
                : Conv3d.builder().setKernelShape(new Shape(fill(1))).optStride(new Shape(stride)).setFilters((int) out)
                        .optBias(false).build();
        return new SequentialBlock().add(conv).add(BatchNorm.builder().build());
    }

    private static Block residual(Block main, Block shortcut) {
        return new ParallelBlock(list -> new NDList(Activation.relu(
                list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow()))), List.of(main, shortcut));
    }

    long[] fill(long v) {
        long[] a = new long[dims];
        Arrays.fill(a, v);
        return a;
    }
}
