package dev.affectstreams.inference;

import ai.djl.Device;
import dev.affectstreams.model.Devices;
import dev.affectstreams.model.GradMode;
import dev.affectstreams.registry.Release;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** One {@link LiveModel} per stream thread, opened on first use and closed with the application. */
public final class ThreadModels implements Supplier<LiveModel>, AutoCloseable {

    /** Opens a model; may fail with an unchecked exception naming the cause. */
    @FunctionalInterface
    public interface Opener {
        LiveModel open() throws Exception;
    }

    private final Opener opener;
    private final ThreadLocal<LiveModel> perThread = new ThreadLocal<>();
    private final List<LiveModel> all = new CopyOnWriteArrayList<>();

    public ThreadModels(Opener opener) {
        this.opener = opener;
    }

    /** Each thread opens the backbones of {@code release} on the device named ({@code auto}, {@code cpu}, {@code gpu:N}). */
    public static ThreadModels of(Release release, String device) {
        Device parsed = Devices.parse(device);
        return new ThreadModels(() -> LiveModel.open(release, parsed));
    }

    @Override
    public LiveModel get() {
        LiveModel model = perThread.get();
        if (model == null) {
            GradMode.offOnThisThread();
            try {
                model = opener.open();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("cannot open the live model: " + e.getMessage(), e);
            }
            perThread.set(model);
            all.add(model);
        }
        return model;
    }

    /** Closes every thread's model once, whoever calls first (a shutdown hook or the owner). */
    @Override
    public synchronized void close() {
        all.forEach(LiveModel::close);
        all.clear();
    }
}
