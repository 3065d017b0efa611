package dev.affectstreams.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;

/** Progress lines of a long job, printed and flushed one by one so they show while it runs. */
public final class ConsoleLines {

    private ConsoleLines() {
    }

    public static Consumer<String> to(PrintWriter out) {
        return line -> {
            out.println(line);
            out.flush();
        };
    }
}
