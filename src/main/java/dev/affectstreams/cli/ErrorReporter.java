package dev.affectstreams.cli;

import dev.affectstreams.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/** Turns a failed command into one clear line on stderr and a non-zero exit code. */
final class ErrorReporter implements IExecutionExceptionHandler {

    static final int CONFIG_ERROR = 2;
    static final int RUNTIME_ERROR = 1;

    private static final Logger LOG = LoggerFactory.getLogger(ErrorReporter.class);

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parseResult) {
        String command = cli.getCommandSpec().qualifiedName();
        cli.getErr().println(command + ": error: " + ex.getMessage() + hint(ex));
        LOG.debug("{} failed", command, ex);
        return ex instanceof ConfigException ? CONFIG_ERROR : RUNTIME_ERROR;
    }

    /** What to check when the broker refused this process's login or its TLS handshake. */
    private static String hint(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof SslAuthenticationException) {
                return " (the TLS handshake with the broker failed: check kafka.ssl.truststore.location and its password)";
            }
            if (t instanceof AuthenticationException) {
                return " (the broker refused this login: check kafka.security.protocol, kafka.sasl.mechanism and the "
                        + "credentials in kafka.sasl.jaas.config)";
            }
        }
        return "";
    }
}
