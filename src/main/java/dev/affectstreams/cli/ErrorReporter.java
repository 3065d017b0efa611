package dev.affectstreams.cli;

import dev.affectstreams.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns a failed command into one clear line on stderr and a non-zero exit code. */
final class ErrorReporter implements IExecutionExceptionHandler {

    static final int CONFIG_ERROR = 2;
    static final int RUNTIME_ERROR = 1;

    private static final Logger LOG = LoggerFactory.getLogger(ErrorReporter.class);

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parseResult) {
        String command = cli.getCommandSpec().qualifiedName();
        cli.getErr().println(command + ": error: " + ex.getMessage());
        LOG.debug("{} failed", command, ex);
        return ex instanceof ConfigException ? CONFIG_ERROR : RUNTIME_ERROR;
    }
}
