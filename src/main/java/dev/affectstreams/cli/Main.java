package dev.affectstreams.cli;

import java.util.Map;
import picocli.CommandLine;

/** Entry point of {@code java -jar affect-streams.jar}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(System.getenv(), args));
    }

    /** Runs one command and returns its exit code; never calls {@code System.exit}. */
    public static int run(Map<String, String> environment, String... args) {
        JvmDefaults.apply();
        return commandLine(environment).execute(args);
    }

    static CommandLine commandLine(Map<String, String> environment) {
        CommandLine cli = new CommandLine(new AffectStreamsCommand(environment));
        cli.setExecutionExceptionHandler(new ErrorReporter());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }
}
