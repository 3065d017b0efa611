package dev.affectstreams.cli;

/**
 * What the JVM can set for itself before any engine starts: DJL never downloads
 * ({@code ai.djl.offline}), and PyTorch gets an explicit thread count, which avoids OpenMP
 * spin-waiting on busy cores. {@code OMP_WAIT_POLICY=PASSIVE} must still come from the
 * environment of the launching shell; the README's commands set it. Values given with
 * {@code -D} win.
 */
final class JvmDefaults {

    private JvmDefaults() {
    }

    static void apply() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("ai.djl.pytorch.num_threads", String.valueOf(Runtime.getRuntime().availableProcessors()));
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
