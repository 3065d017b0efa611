package dev.affectstreams.model.backbone;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a script of {@code src/test/python} with a Python that has PyTorch, so tests can load
 * modules PyTorch itself wrote. Aborts the calling test, saying so, where no such Python is
 * installed (Debian: {@code python3-torch}); any other failure of the script fails it.
 */
public final class PyTorchScripts {

    private PyTorchScripts() {
    }

    public static void run(String script, Path outDir) throws IOException, InterruptedException {
        for (String python : List.of("python3", "/usr/bin/python3")) {
            Process p;
            try {
                p = new ProcessBuilder(python, "src/test/python/" + script, outDir.toString())
                        .redirectErrorStream(true).start();
            } catch (IOException notThere) {
                continue;
            }
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0) {
                return;
            }
            if (!out.contains("No module named 'torch'")) {
                throw new IllegalStateException(python + " failed to run " + script + ": " + out);
            }
        }
        Assumptions.abort("no Python with torch here (Debian: python3-torch) to write a TorchScript module with");
    }
}
