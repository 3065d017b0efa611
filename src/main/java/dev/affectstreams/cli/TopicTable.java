package dev.affectstreams.cli;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.config.Topics;
import dev.affectstreams.kafka.TopicAdmin.TopicStatus;
import dev.affectstreams.kafka.TopicAdmin;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/** Creates or inspects the application's topics and prints them as a table. */
final class TopicTable {

    private TopicTable() {
    }

    static List<TopicStatus> status(Map<String, Object> clientProperties, Topics topics) {
        try (Admin admin = TopicAdmin.admin(clientProperties)) {
            return new TopicAdmin(admin).status(topics.all());
        }
    }

    static void print(PrintWriter out, List<TopicStatus> statuses) {
        out.printf("%-20s %10s  %-8s %s%n", "TOPIC", "PARTITIONS", "CLEANUP", "STATE");
        for (TopicStatus s : statuses) {
            out.printf("%-20s %10d  %-8s %s%n", s.name(), s.partitions(), s.compacted() ? "compact" : "delete",
                    s.state().name().toLowerCase(Locale.ROOT));
        }
        out.flush();
    }
}
