package dev.affectstreams.config;

/** Invalid configuration: an unknown key, a value that does not parse, a file that cannot be read. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
