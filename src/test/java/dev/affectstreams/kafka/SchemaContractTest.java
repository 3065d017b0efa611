package dev.affectstreams.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.testing.SampleRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The schemas are the contract with platforms: documented, and every change backward-compatible. */
class SchemaContractTest {

    static Stream<Schema> contractSchemas() {
        return SampleRecords.all().stream().map(SpecificRecord::getSchema);
    }

    @ParameterizedTest
    @MethodSource("contractSchemas")
    void shouldReadEveryReleasedVersion(Schema current) {
        List<Schema> released = SchemaHistory.releasedVersions(current.getName());

        assertThat(released).as("released copies of %s in src/main/resources/schema-history", current.getName())
                .isNotEmpty();
        for (Schema old : released) {
            var result = SchemaCompatibility.checkReaderWriterCompatibility(current, old).getResult();
            assertThat(result.getCompatibility())
                    .as("%s must read data written with a released version: %s", current.getName(),
                            result.getIncompatibilities())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @ParameterizedTest
    @MethodSource("contractSchemas")
    void shouldDocumentEveryRecordFieldAndEnum(Schema current) {
        List<String> undocumented = new ArrayList<>();
        collectUndocumented(current, undocumented, new ArrayList<>());

        assertThat(undocumented).isEmpty();
    }

    @Test
    void shouldKeepOneSchemaFilePerNamedTypeInTheSchemasDirectory() throws IOException {
        List<String> shared = List.of("Modality", "QualityFlag", "BackboneId", "VideoFrame", "ReleaseFile",
                "FeatureVector", "FaceReading");
        List<String> files;
        try (Stream<Path> list = Files.list(Path.of("schemas"))) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".avsc")).sorted().toList();
        }
        List<String> ordered = new ArrayList<>(shared.stream().map(n -> n + ".avsc").toList());
        files.stream().filter(f -> !ordered.contains(f)).forEach(ordered::add);
        Schema.Parser parser = new Schema.Parser();
        for (String file : ordered) {
            Schema parsed = parser.parse(Path.of("schemas", file).toFile());
            assertThat(parsed.getName() + ".avsc").as("type defined in %s", file).isEqualTo(file);
        }
        assertThat(files).containsAll(contractSchemas().map(s -> s.getName() + ".avsc").toList());
    }

    private static void collectUndocumented(Schema schema, List<String> out, List<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (seen.contains(schema.getFullName())) {
                    return;
                }
                seen.add(schema.getFullName());
                requireDoc(schema.getDoc(), schema.getFullName(), out);
                for (Schema.Field field : schema.getFields()) {
                    requireDoc(field.doc(), schema.getName() + "." + field.name(), out);
                    collectUndocumented(field.schema(), out, seen);
                }
            }
            case ENUM -> requireDoc(schema.getDoc(), schema.getFullName(), out);
            case ARRAY -> collectUndocumented(schema.getElementType(), out, seen);
            case MAP -> collectUndocumented(schema.getValueType(), out, seen);
            case UNION -> schema.getTypes().forEach(t -> collectUndocumented(t, out, seen));
            default -> {
            }
        }
    }

    private static void requireDoc(String doc, String what, List<String> out) {
        if (doc == null || doc.isBlank()) {
            out.add(what);
        }
    }
}
