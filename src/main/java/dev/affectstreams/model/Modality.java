package dev.affectstreams.model;

import java.util.Locale;

/** An input modality of the model; the model always orders them video, audio, text. */
public enum Modality {
    VIDEO,
    AUDIO,
    TEXT;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
