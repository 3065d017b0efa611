package dev.affectstreams.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PyTorch's NNPACK switch. On a CPU where NNPACK cannot initialise (it wants AVX2 and a
 * readable cache topology, which many virtual machines hide), libtorch asks again for every
 * 2D convolution it does not hand to oneDNN (single small images at stride 1, as in the
 * live path's per-participant batches) and prints "Could not initialize NNPACK!" each time:
 * about 80 lines a second in the demo on a 2-core machine. The convolution itself then falls
 * back to the default kernels, so nothing is gained by asking again.
 *
 * <p>{@link #offWhereUnsupported()} asks libtorch once and, where NNPACK is unavailable,
 * turns it off for the process ({@code torch.backends.nnpack.set_flags(False)} in Python).
 * DJL does not expose that switch, so it is called through JNA on libtorch's exported
 * {@code at::Context} functions. Where those symbols are missing (another libtorch build),
 * nothing changes and the warnings stay.
 */
public final class Nnpack {

    private static final Logger LOG = LoggerFactory.getLogger(Nnpack.class);

    private static volatile boolean checked;

    private Nnpack() {
    }

    /** Idempotent and cheap after the first call; loads the PyTorch engine if needed. */
    public static void offWhereUnsupported() {
        if (!checked) {
            synchronized (Nnpack.class) {
                if (!checked) {
                    turnOffIfUnavailable();
                    checked = true;
                }
            }
        }
    }

    /** Whether NNPACK initialises on this CPU (libtorch may print its warning once when asked). */
    static boolean supportedOnThisCpu() {
        return Symbols.INSTANCE != null && Symbols.INSTANCE.available();
    }

    /** Whether libtorch will consider NNPACK for the next convolution. */
    static boolean enabled() {
        return Symbols.INSTANCE != null && Symbols.INSTANCE.userEnabled();
    }

    private static void turnOffIfUnavailable() {
        Symbols symbols = Symbols.INSTANCE;
        if (symbols != null && symbols.userEnabled() && !symbols.available()) {
            symbols.setUserEnabled(false);
            LOG.info("NNPACK cannot initialise on this CPU; PyTorch's default convolution kernels are used");
        }
    }

    /** libtorch's exported functions for the switch, or null where they cannot be found. */
    private record Symbols(Function globalContext, Function userEnabledNnpack,
            Function setUserEnabledNnpack, Function nnpackAvailable) {

        static final Symbols INSTANCE = find();

        boolean userEnabled() {
            return (userEnabledNnpack.invokeInt(new Object[] {context()}) & 0xFF) != 0;
        }

        boolean available() {
            return (nnpackAvailable.invokeInt(new Object[0]) & 0xFF) != 0;
        }

        void setUserEnabled(boolean enabled) {
            setUserEnabledNnpack.invokeVoid(new Object[] {context(), enabled ? 1 : 0});
        }

        private Pointer context() {
            return globalContext.invokePointer(new Object[0]);
        }

        private static Symbols find() {
            try {
                if (!"PyTorch".equals(Engine.getInstance().getEngineName())) {
                    return null;
                }
                String file = System.mapLibraryName("torch_cpu");
                NativeLibrary torch = NativeLibrary.getInstance(
                        Path.of(LibUtils.getLibtorchPath(), file).toString());
                return new Symbols(
                        torch.getFunction("_ZN2at13globalContextEv"),
                        torch.getFunction("_ZNK2at7Context17userEnabledNNPACKEv"),
                        torch.getFunction("_ZN2at7Context20setUserEnabledNNPACKEb"),
                        torch.getFunction("_ZN2at6native17_nnpack_availableEv"));
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("NNPACK switch not reachable in this libtorch: {}", e.toString());
                return null;
            }
        }
    }
}
