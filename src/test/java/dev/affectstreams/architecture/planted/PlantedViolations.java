package dev.affectstreams.architecture.planted;

import java.util.ArrayList;
import java.util.List;

/** The test classes that each break one layering rule, to show the rules can fail. */
public final class PlantedViolations {

    private static final List<String> NAMES = List.of("dev.affectstreams.model.PlantedRegistryUse",
            "dev.affectstreams.inference.PlantedIngestUse", "dev.affectstreams.events.PlantedCliUse",
            "dev.affectstreams.sync.PlantedBenchUse", "dev.affectstreams.ops.PlantedDjlUse",
            "dev.affectstreams.retrain.PlantedInferenceUse");

    private PlantedViolations() {
    }

    public static List<Class<?>> all() {
        List<Class<?>> classes = new ArrayList<>();
        for (String name : NAMES) {
            try {
                classes.add(Class.forName(name, false, PlantedViolations.class.getClassLoader()));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("planted class missing: " + name, e);
            }
        }
        return classes;
    }
}
