package dev.affectstreams.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Released versions of each contract record, kept as resources
 * {@code /schema-history/<Record>/v<N>.avsc} (fully resolved JSON, N = 1, 2, ...). Readers
 * register them so single-object encoded records from older writers keep decoding; the
 * compatibility test checks every change against the latest of them.
 */
public final class SchemaHistory {

    private SchemaHistory() {
    }

    /** All released versions of a record, oldest first; empty when none was released. */
    public static List<Schema> releasedVersions(String recordName) {
        List<Schema> versions = new ArrayList<>();
        for (int n = 1; ; n++) {
            String resource = "/schema-history/" + recordName + "/v" + n + ".avsc";
            try (InputStream in = SchemaHistory.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return versions;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
    }
}
