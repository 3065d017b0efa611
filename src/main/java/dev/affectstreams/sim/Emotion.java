package dev.affectstreams.sim;

import java.util.Locale;

/** The six emotions of the MOSEI label set (mosei-6@1), in its label order; neutral is all zero. */
public enum Emotion {
    HAPPY, SAD, ANGER, SURPRISE, DISGUST, FEAR;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
