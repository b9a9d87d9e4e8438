package sori.config;

/** A config file that cannot be used: one line naming the file, the line and the key, for exit code 2. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
