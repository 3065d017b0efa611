package dev.affectstreams.cli;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.SettingsReference;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints the effective configuration, each value with the layer that set it. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Print the effective configuration: every setting with its value and source "
                + "(default, file, environment, flag), then the Kafka client properties passed through.",
            "With --reference, print the documentation table of all settings instead."})
final class ConfigCommand implements Callable<Integer> {

    @Mixin
    private ConfigOptions configOptions;

    @Option(names = "--reference", description = "Print every setting's type, default, variable and doc as Markdown.")
    private boolean reference;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (reference) {
            out.print(SettingsReference.markdownTable());
            out.flush();
            return 0;
        }
        EffectiveConfig config = configOptions.load();
        out.printf("%-28s %-40s %s%n", "KEY", "VALUE", "SOURCE");
        for (EffectiveConfig.Row row : config.rows()) {
            String source = row.value().source().label()
                    + (row.value().origin().isEmpty() ? "" : " (" + row.value().origin() + ")");
            out.printf("%-28s %-40s %s%n", row.key(), shown(row.key(), row.value().text()), source);
        }
        out.flush();
        return 0;
    }

    /** Keys whose values are credentials: printed as set or not, never in clear. */
    private static final Pattern SECRET = Pattern.compile(
            "(?i).*(password|jaas|secret|credential|token(?!\\.file)|\\.key$).*");

    static String shown(String key, String value) {
        return SECRET.matcher(key).matches() && !value.isEmpty() ? "****** (hidden)" : value;
    }
}
