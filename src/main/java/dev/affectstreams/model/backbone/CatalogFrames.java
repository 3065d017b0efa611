package dev.affectstreams.model.backbone;

import dev.affectstreams.avro.BackboneId;
import dev.affectstreams.media.ImagePreprocessor;
import dev.affectstreams.media.Normalization;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;

/** A tensor backbone (built-in CNN or TorchScript) over frames: crop, resize to its input size without keeping the aspect, normalise. */
final class CatalogFrames implements FrameBackbone {

    private final TensorBackbone net;
    private final ImagePreprocessor prep;

    CatalogFrames(TensorBackbone net, Normalization normalization) {
        this.net = net;
        this.prep = new ImagePreprocessor((int) net.inputShape()[1], normalization);
    }

    @Override
    public BackboneId id() {
        return net.id();
    }

    @Override
    public int outputDim() {
        return net.outputDim();
    }

    @Override
    public float[][] embed(List<BufferedImage> frames, List<Rectangle> crops) {
        int size = 3 * prep.size() * prep.size();
        float[] all = new float[frames.size() * size];
        for (int i = 0; i < frames.size(); i++) {
            System.arraycopy(prep.toChw(frames.get(i), crops.get(i)), 0, all, i * size, size);
        }
        return net.embed(all, frames.size());
    }

    @Override
    public void close() {
        net.close();
    }
}
