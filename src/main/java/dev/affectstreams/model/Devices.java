package dev.affectstreams.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/** Device selection by configuration: {@code auto} (first GPU if the engine sees one, else CPU), {@code cpu}, {@code gpu:N}. */
public final class Devices {

    private Devices() {
    }

    public static Device parse(String spec) {
        String s = spec.strip().toLowerCase(Locale.ROOT);
        if (s.equals("auto")) {
            return Engine.getInstance().getGpuCount() > 0 ? Device.gpu(0) : Device.cpu();
        }
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        if (s.matches("gpu:\\d+")) {
            int index = Integer.parseInt(s.substring(4));
            int gpus = Engine.getInstance().getGpuCount();
            if (index >= gpus) {
                throw new IllegalArgumentException("device " + spec + " requested but the engine sees " + gpus
                        + " GPU(s); use auto or cpu");
            }
            return Device.gpu(index);
        }
        throw new IllegalArgumentException("device must be auto, cpu or gpu:N, not '" + spec + "'");
    }
}
