package dev.affectstreams.media;

/**
 * Per-channel pixel normalisation after scaling to [0, 1]: (x − mean) / std, RGB order.
 * {@link #PAPER_2D} reproduces the reference's configs, which swap ImageNet's mean and std.
 */
public enum Normalization {
    /** The reference's 2D setting: mean (0.229, 0.224, 0.225), std (0.485, 0.456, 0.406). Default, to match its features. */
    PAPER_2D(new float[] {0.229f, 0.224f, 0.225f}, new float[] {0.485f, 0.456f, 0.406f}),
    /** ImageNet as torchvision documents it: mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225). */
    IMAGENET_2D(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f}),
    /** Kinetics, for the 3D network: mean (0.43216, 0.394666, 0.37645), std (0.22803, 0.22145, 0.216989). */
    KINETICS_3D(new float[] {0.43216f, 0.394666f, 0.37645f}, new float[] {0.22803f, 0.22145f, 0.216989f});

    private final float[] mean;
    private final float[] std;

    Normalization(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    public float apply(int channel, int value255) {
        return (value255 / 255f - mean[channel]) / std[channel];
    }
}
