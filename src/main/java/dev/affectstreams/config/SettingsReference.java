package dev.affectstreams.config;

/** The table of docs/configuration.md, generated from the declarations in {@link Settings}. */
public final class SettingsReference {

    private SettingsReference() {
    }

    public static String markdownTable() {
        StringBuilder md = new StringBuilder();
        md.append("| key | type | default | environment | description |\n");
        md.append("|---|---|---|---|---|\n");
        for (Setting<?> s : Settings.ALL) {
            String type = s.type().name() + (s.validRange().isEmpty() ? "" : ", " + s.validRange());
            String defaultText = s.defaultText().isEmpty() ? "(empty)" : "`" + s.defaultText() + "`";
            md.append("| `").append(s.name()).append("` | ").append(type).append(" | ").append(defaultText)
                    .append(" | `").append(s.envName()).append("` | ").append(s.doc()).append(" |\n");
        }
        md.append("| `kafka.<property>` | string | | `AFFECT_KAFKA_<PROPERTY>` | Passed to every Kafka client "
                + "as `<property>` (in the variable, `_` stands for `.`). |\n");
        return md.toString();
    }
}
