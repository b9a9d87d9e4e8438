package sori.client;

import sori.net.Addresses;

/**
 * Where to connect, as typed: {@code host}, {@code host:port}, {@code [::1]:9999}, {@code [::1]} or a
 * bare IPv6 literal such as {@code ::1} (which takes the default port).
 */
public record Target(String host, int port) {

    public Target {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1..65535, not " + port);
        }
    }

    /** Parses {@code HOST[:PORT]}; {@code defaultPort} when no port is given. */
    public static Target parse(String text, int defaultPort) {
        String s = text.strip();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' in '" + text + "'");
            }
            String rest = s.substring(close + 1);
            if (rest.isEmpty()) {
                return new Target(s.substring(1, close), defaultPort);
            }
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("expected ':PORT' after ']' in '" + text + "'");
            }
            return new Target(s.substring(1, close), port(rest.substring(1), text));
        }
        int colon = s.lastIndexOf(':');
        if (colon < 0 || s.indexOf(':') != colon) {
            return new Target(s, defaultPort); // no colon, or several: a name or a bare IPv6 literal
        }
        return new Target(s.substring(0, colon), port(s.substring(colon + 1), text));
    }

    private static int port(String digits, String text) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("bad port '" + digits + "' in '" + text + "'");
        }
        return Integer.parseInt(digits);
    }

    /** As a person would write it: {@code localhost:9999}, {@code [::1]:9999}. */
    @Override
    public String toString() {
        return Addresses.format(host, port);
    }
}
