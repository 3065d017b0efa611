package dev.affectstreams.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** The CLI for tests in other packages, with stderr captured. */
public final class TestCli {

    private TestCli() {
    }

    public static CommandLine commandLine(StringWriter err) {
        CommandLine cli = Main.commandLine(Map.of());
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli;
    }
}
