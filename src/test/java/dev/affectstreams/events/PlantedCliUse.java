package dev.affectstreams.events;

import dev.affectstreams.cli.ConsoleLines;

/** A planted layering violation for {@code ArchitectureTest}; test code, never run. */
final class PlantedCliUse {

    private PlantedCliUse() {
    }

    static Object use() {
        return ConsoleLines.class;
    }
}
