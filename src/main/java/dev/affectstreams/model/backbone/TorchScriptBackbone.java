package dev.affectstreams.model.backbone;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import dev.affectstreams.avro.BackboneId;
import dev.affectstreams.media.NpmPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A user's TorchScript module as a frozen backbone, loaded with DJL's PyTorch engine on the
 * configured device. It is fed the reference's layout for its kind (2D [3, 180, 180] normalised
 * frames, 3D [3, 16, 180, 180] Kinetics-normalised clips, audio [1, 128, 101] min-max mel) and
 * must return pooled features [batch, D]; D is read from a first run at load. Identified by its
 * file name and the SHA-256 of the file.
 */
public final class TorchScriptBackbone implements TensorBackbone {

    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final NDManager manager;
    private final long[] inputShape;
    private final BackboneId id;
    private final int outputDim;

    private TorchScriptBackbone(ZooModel<NDList, NDList> model, long[] inputShape, BackboneId id) {
        this.model = model;
        this.predictor = model.newPredictor();
        this.manager = model.getNDManager().newSubManager();
        this.inputShape = inputShape;
        this.id = id;
        try {
            this.outputDim = embed(new float[(int) product(inputShape)], 1)[0].length;
        } catch (RuntimeException e) {
            // the probe run failed: release what was opened for it; the caller closes the model
            predictor.close();
            manager.close();
            throw e;
        }
    }

    static TorchScriptBackbone load(Path file, BackboneCatalog.Kind kind, Device device) throws IOException {
        ZooModel<NDList, NDList> model = loadModule(file, device);
        BackboneId id = new BackboneId(TORCHSCRIPT + file.getFileName(), "1", NpmPackage.sha256(file));
        try {
            return new TorchScriptBackbone(model, referenceShape(kind), id);
        } catch (RuntimeException e) {
            model.close();
            throw new IOException("the TorchScript module " + file + " does not take a " + kind + " input "
                    + Arrays.toString(referenceShape(kind)) + " and return [batch, D] features: "
                    + e.getMessage(), e);
        }
    }

    /** A TorchScript file as a DJL model with no translation, on the device. */
    static ZooModel<NDList, NDList> loadModule(Path file, Device device) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no TorchScript module at " + file);
        }
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelPath(file).optEngine("PyTorch").optDevice(device).optTranslator(new NoopTranslator())
                .build();
        try {
            return criteria.loadModel();
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new IOException("cannot load the TorchScript module " + file + ": " + e.getMessage(), e);
        }
    }

    static long[] referenceShape(BackboneCatalog.Kind kind) {
        return switch (kind) {
            case FRAME_2D -> new long[] {3, 180, 180};
            case CLIP_3D -> new long[] {3, 16, 180, 180};
            case MEL -> new long[] {1, 128, 101};
        };
    }

    private static long product(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public BackboneId id() {
        return id;
    }

    @Override
    public int outputDim() {
        return outputDim;
    }

    @Override
    public long[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public float[][] embed(float[] inputs, int batch) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(inputs, TensorBackbone.batchOf(batch, inputShape));
            NDArray y = predictor.predict(new NDList(x)).singletonOrThrow();
            if (y.getShape().dimension() != 2 || y.getShape().get(0) != batch) {
                throw new IllegalStateException("the module returned " + y.getShape() + ", not [" + batch + ", D]");
            }
            return TensorBackbone.rows(y.toFloatArray(), batch, (int) y.getShape().get(1));
        } catch (TranslateException e) {
            throw new IllegalStateException("the TorchScript backbone " + id.getName() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        manager.close();
        model.close();
    }
}
