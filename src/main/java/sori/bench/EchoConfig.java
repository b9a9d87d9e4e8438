package sori.bench;

import java.time.Duration;

/**
 * An echo run: {@code clients} connections, each with one timestamped line in flight.
 *
 * @param common shared options
 * @param clients connections
 * @param size bytes per line including its newline
 * @param drain how long to wait for the last echoes after sending stops
 */
public record EchoConfig(BenchConfig common, int clients, int size, Duration drain) {

    public static final int DEFAULT_CLIENTS = 100;
    public static final int DEFAULT_SIZE = 64;

    public EchoConfig {
        if (common == null) {
            throw new IllegalArgumentException("common options missing");
        }
        if (clients < 1) {
            throw new IllegalArgumentException("--clients must be at least 1");
        }
        if (size < FanoutConfig.MIN_SIZE || size > FanoutConfig.MAX_SIZE) {
            throw new IllegalArgumentException(
                    "--size must be " + FanoutConfig.MIN_SIZE + ".." + FanoutConfig.MAX_SIZE + " bytes");
        }
        BenchConfig.requirePositive("--drain", drain);
    }

    public static EchoConfig of(BenchConfig common, int clients, int size) {
        return new EchoConfig(common, clients, size, FanoutConfig.DEFAULT_DRAIN);
    }
}
