package dev.affectstreams.model.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affectstreams.model.ConCluGenModel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.apache.commons.io.FileUtils;

/**
 * The state of a training run after an epoch: parameters (running statistics included),
 * optimiser moments and the epoch reached. Written to a temporary directory and renamed, so a
 * crash leaves the previous checkpoint intact. Shuffling and k-means draw from seeds derived
 * from (seed, epoch), so resuming reproduces an uninterrupted run exactly.
 */
public final class Checkpoint {

    private static final String PARAMETERS = "heads.params";
    private static final String OPTIMIZER = "optimizer.bin";
    private static final String STATE = "state.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoint() {
    }

    public static void save(Path dir, ConCluGenModel model, AdamW optimizer, int epochDone) throws IOException {
        Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
        FileUtils.deleteDirectory(tmp.toFile());
        Files.createDirectories(tmp);
        model.saveParameters(tmp.resolve(PARAMETERS));
        try (DataOutputStream out = new DataOutputStream(
                new BufferedOutputStream(Files.newOutputStream(tmp.resolve(OPTIMIZER))))) {
            optimizer.save(out);
        }
        JSON.writeValue(tmp.resolve(STATE).toFile(), Map.of("epochDone", epochDone));
        FileUtils.deleteDirectory(dir.toFile());
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Restores model and optimiser; returns the last finished epoch, or -1 when there is no checkpoint. */
    public static int restore(Path dir, ConCluGenModel model, AdamW optimizer) throws IOException {
        if (dir == null || !Files.exists(dir.resolve(STATE))) {
            return -1;
        }
        model.loadParameters(dir.resolve(PARAMETERS));
        try (DataInputStream in = new DataInputStream(
                new BufferedInputStream(Files.newInputStream(dir.resolve(OPTIMIZER))))) {
            optimizer.load(in);
        }
        return JSON.readTree(dir.resolve(STATE).toFile()).get("epochDone").asInt();
    }

}
