package dev.affectstreams.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a benchmark writes its table: Markdown and JSON files, and the console. */
public final class BenchOutput {

    @Option(names = "--out", defaultValue = "bench-results", paramLabel = "DIR",
            description = "Output directory, default ${DEFAULT-VALUE}.")
    public Path dir;

    public void write(PrintWriter out, String name, String markdown, Object json) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".md"), markdown);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(name + ".json").toFile(),
                json);
        out.println();
        out.print(markdown);
        out.printf("%nwritten to %s and %s%n", dir.resolve(name + ".md"), dir.resolve(name + ".json"));
        out.flush();
    }
}
