package dev.affectstreams.kafka;

import dev.affectstreams.config.ConfigLoader;
import dev.affectstreams.config.Topic;
import dev.affectstreams.config.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * The schema of every record the topics carry, each one file with every named type it uses
 * defined inline, so that any Avro library can parse it alone (the {@code .avsc} files of
 * {@code schemas/} refer to each other by name and must be parsed in order). Written at build
 * time into the jar ({@code schema-bundle/NAME.avsc}) and {@code target/classes/schema-bundle/}.
 */
public final class SchemaBundle {

    private SchemaBundle() {
    }

    /** The records of the application's topics, by record name, fully resolved. */
    public static Map<String, Schema> records() {
        Map<String, Schema> out = new LinkedHashMap<>();
        for (Topic<?, ?> topic : Topics.from(ConfigLoader.load(null, Map.of(), Map.of())).all()) {
            if (topic.valueSerde() instanceof AvroSerde<?> serde) {
                Schema schema = SpecificData.getForClass(serde.type()).getSchema(serde.type());
                out.put(schema.getName(), schema);
            }
        }
        return out;
    }

    /**
     * Writes {@code NAME.avsc} per record into {@code dir}, and {@code fingerprints.json}: each
     * record's fingerprint as the 8 bytes after {@code C3 01} of its records, in hex.
     */
    public static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder json = new StringBuilder("{\n");
        for (Map.Entry<String, Schema> e : records().entrySet()) {
            Files.writeString(dir.resolve(e.getKey() + ".avsc"), e.getValue().toString(true) + "\n");
            json.append(json.length() > 2 ? ",\n" : "").append("  \"").append(e.getKey()).append("\": \"")
                    .append(AvroSerde.fingerprintHex(e.getValue())).append('"');
        }
        Files.writeString(dir.resolve("fingerprints.json"), json.append("\n}\n").toString());
    }

    /** Build step: {@code SchemaBundle DIR}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: SchemaBundle DIR");
        }
        write(Path.of(args[0]));
    }
}
