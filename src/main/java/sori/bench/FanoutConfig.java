package sori.bench;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;

/**
 * A fan-out run: {@code clients} members of one room, {@code senders} of them sending, spread over one server port
 * or several (the nodes of a cluster, which show one room).
 *
 * @param common shared options
 * @param clients connections, all in room {@code lobby}
 * @param senders how many of the clients send (the first ones)
 * @param size bytes per sent line including its newline; never less than the marker needs
 * @param rate messages per second per sender, 0 for as fast as the window allows
 * @param window messages a sender may have sent and not yet seen come back to itself
 * @param drain after sending stops, how long to wait for stragglers without any arriving (at most
 *     {@link #MAX_DRAIN} in all)
 * @param serverPid the server's process id on this machine, to report its CPU time per delivery; 0 for none
 * @param ports the server ports on {@code common.host()}, the first {@code common.port()}: client {@code i}
 *     connects to {@code ports[i % ports.size()]}, so the senders (the first clients) are spread too
 */
public record FanoutConfig(BenchConfig common, int clients, int senders, int size, int rate, int window,
        Duration drain, long serverPid, List<Integer> ports) {

    public static final int DEFAULT_CLIENTS = 100;
    public static final int DEFAULT_SENDERS = 10;
    public static final int DEFAULT_SIZE = 64;
    public static final int DEFAULT_RATE = 100;
    public static final int DEFAULT_WINDOW = 64;
    public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(5);
    /** A server that keeps trickling lines out cannot hold a run longer than this after sending stops. */
    public static final Duration MAX_DRAIN = Duration.ofMinutes(1);
    /** The smallest line that still holds the marker for any sender and sequence number. */
    public static final int MIN_SIZE = Marker.MAX_LENGTH + 1;
    /** The server frames lines at 8192 bytes including the {@code [name] } prefix it adds. */
    public static final int MAX_SIZE = 4096;

    public FanoutConfig {
        if (common == null) {
            throw new IllegalArgumentException("common options missing");
        }
        if (clients < 1) {
            throw new IllegalArgumentException("--clients must be at least 1");
        }
        if (senders < 1 || senders > clients) {
            throw new IllegalArgumentException("--senders must be 1.." + clients + " (the number of clients)");
        }
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException("--size must be " + MIN_SIZE + ".." + MAX_SIZE + " bytes");
        }
        if (common.proto() == Proto.IRC && size > IrcBridge.MAX_SIZE) {
            throw new IllegalArgumentException("--size must be " + MIN_SIZE + ".." + IrcBridge.MAX_SIZE
                    + " bytes with --proto irc (IRC lines are 512 bytes)");
        }
        if (rate < 0 || rate > 1_000_000) {
            throw new IllegalArgumentException("--rate must be 0..1000000 (0 = as fast as the server takes them)");
        }
        if (window < 1 || window > 1_000_000) {
            throw new IllegalArgumentException("--window must be 1..1000000");
        }
        BenchConfig.requirePositive("--drain", drain);
        if (serverPid < 0) {
            throw new IllegalArgumentException("--server-pid must be a process id");
        }
        ports = ports == null ? List.of(common.port()) : List.copyOf(ports);
        if (ports.isEmpty() || ports.getFirst() != common.port()) {
            throw new IllegalArgumentException("the first of the ports is --port's: " + ports + ", " + common.port());
        }
        for (int p : ports) {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("--port must be 1..65535, not " + p);
            }
        }
        if (new HashSet<>(ports).size() < ports.size()) {
            throw new IllegalArgumentException("--port lists a port twice: " + ports);
        }
    }

    /** One server port, {@code common.port()}. */
    public FanoutConfig(BenchConfig common, int clients, int senders, int size, int rate, int window, Duration drain,
            long serverPid) {
        this(common, clients, senders, size, rate, window, drain, serverPid, null);
    }

    public FanoutConfig(BenchConfig common, int clients, int senders, int size, int rate, int window, Duration drain) {
        this(common, clients, senders, size, rate, window, drain, 0);
    }

    public static FanoutConfig of(BenchConfig common, int clients, int senders, int size, int rate) {
        return new FanoutConfig(common, clients, senders, size, rate, DEFAULT_WINDOW, DEFAULT_DRAIN);
    }
}
