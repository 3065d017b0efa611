package dev.affectstreams.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW as {@code torch.optim.AdamW} defines it (decoupled weight decay, bias-corrected moments,
 * betas 0.9/0.999, eps 1e-8). Written here rather than taken from DJL because a checkpoint must
 * carry the moment estimates to resume bit-exactly, and DJL's optimizers keep them private.
 */
public final class AdamW {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;

    private final NDManager manager;
    private final float weightDecay;
    private final Map<String, NDArray[]> moments = new LinkedHashMap<>();
    private long step;

    public AdamW(NDManager manager, double weightDecay) {
        this.manager = manager;
        this.weightDecay = (float) weightDecay;
    }

    public long step() {
        return step;
    }

    /** One update of every (name, weight) pair from its gradient, at learning rate lr. Call inside an NDScope. */
    public void update(List<Pair<String, NDArray>> weights, double lr) {
        step++;
        float bias1 = (float) (1 - Math.pow(BETA1, step));
        float bias2 = (float) (1 - Math.pow(BETA2, step));
        float rate = (float) lr;
        for (Pair<String, NDArray> entry : weights) {
            NDArray w = entry.getValue();
            NDArray g = w.getGradient();
            NDArray[] mv = moments.computeIfAbsent(entry.getKey(), k -> persistent(
                manager.zeros(w.getShape(), w.getDataType(), w.getDevice()),
                manager.zeros(w.getShape(), w.getDataType(), w.getDevice())));
            mv[0].muli(BETA1).addi(g.mul(1 - BETA1));
            mv[1].muli(BETA2).addi(g.square().muli(1 - BETA2));
            w.muli(1 - rate * weightDecay);
            NDArray denom = mv[1].div(bias2).sqrt().addi(EPS);
            w.subi(mv[0].div(bias1).divi(denom).muli(rate));
        }
    }

    public void save(DataOutputStream out) throws IOException {
        out.writeLong(step);
        out.writeInt(moments.size());
        for (Map.Entry<String, NDArray[]> e : moments.entrySet()) {
            out.writeUTF(e.getKey());
            writeArray(out, e.getValue()[0]);
            writeArray(out, e.getValue()[1]);
        }
    }

    public void load(DataInputStream in) throws IOException {
        step = in.readLong();
        int n = in.readInt();
        moments.clear();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            moments.put(name, persistent(readArray(in), readArray(in)));
        }
    }

    /** Moments outlive the step scope they may be created in. */
    private static NDArray[] persistent(NDArray m, NDArray v) {
        NDScope.unregister(m, v);
        return new NDArray[] {m, v};
    }

    private static void writeArray(DataOutputStream out, NDArray array) throws IOException {
        byte[] bytes = array.encode();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private NDArray readArray(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return NDArray.decode(manager, bytes);
    }
}
