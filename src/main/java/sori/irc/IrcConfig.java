package sori.irc;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The IRC listener's settings, validated once.
 *
 * @param port       IRC port; 0 picks a free one, {@link #OFF} serves no IRC at all
 * @param serverName the server's name in every message it sends (RPL_WELCOME, numerics' source)
 * @param network    the network's name (ISUPPORT {@code NETWORK})
 */
public record IrcConfig(int port, String serverName, String network) {

    /** IRC's usual plain-text port. */
    public static final int PORT = 6667;
    /** No IRC listener. */
    public static final int OFF = -1;
    /** The network's default name. */
    public static final String NETWORK = "sori";

    public IrcConfig {
        if (port < OFF || port > 65535) {
            throw new IllegalArgumentException("IRC port must be 0-65535, not " + port);
        }
        if (serverName == null || serverName.isBlank()) {
            serverName = hostName();
        }
        if (!serverName.matches("[A-Za-z0-9][A-Za-z0-9.-]*")) {
            throw new IllegalArgumentException("server name must be letters, digits, dots and dashes, not " + serverName);
        }
        if (network == null || !network.matches("[A-Za-z0-9._-]{1,32}")) {
            throw new IllegalArgumentException("network name must be 1-32 letters, digits, dots, dashes or "
                    + "underscores, not " + network);
        }
    }

    /** Defaults everywhere, on {@code port}. */
    public static IrcConfig defaults(int port) {
        return new IrcConfig(port, null, NETWORK);
    }

    public boolean enabled() {
        return port != OFF;
    }

    public IrcConfig withPort(int p) {
        return new IrcConfig(p, serverName, network);
    }

    /** This machine's name as IRC can carry it, or {@code localhost}; looked up once. */
    public static String hostName() {
        return Host.NAME;
    }

    private static final class Host {
        static final String NAME = lookUp();
    }

    private static String lookUp() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.matches("[A-Za-z0-9][A-Za-z0-9.-]*") ? name : "localhost";
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
