package dev.affectstreams.model;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** A self-supervised task of ConCluGen. */
public enum SslTask {
    /** Contrastive (MMS) loss between modality pairs. */
    CON,
    /** Clustering loss against k-means pseudo-labels. */
    CLU,
    /** Reconstruction of the backbone features. */
    GEN;

    /**
     * Parses a combination written as task names joined in any order and case, with or without
     * separators: {@code conclugen}, {@code con+gen}, {@code clu}.
     */
    public static Set<SslTask> parseCombination(String text) {
        String rest = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        EnumSet<SslTask> tasks = EnumSet.noneOf(SslTask.class);
        while (!rest.isEmpty()) {
            SslTask matched = null;
            for (SslTask task : values()) {
                if (rest.startsWith(task.key())) {
                    matched = task;
                }
            }
            if (matched == null || !tasks.add(matched)) {
                throw new IllegalArgumentException("'" + text + "' is not a combination of con, clu and gen");
            }
            rest = rest.substring(3);
        }
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("no self-supervised task given");
        }
        return tasks;
    }

    /** The canonical name of a combination: ConCluGen, ConGen, Clu, ... */
    public static String nameOf(Set<SslTask> tasks) {
        StringBuilder name = new StringBuilder();
        for (SslTask task : values()) {
            if (tasks.contains(task)) {
                name.append(Character.toUpperCase(task.key().charAt(0))).append(task.key().substring(1));
            }
        }
        return name.toString();
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
