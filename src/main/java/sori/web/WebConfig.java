package sori.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The web listener's settings, validated once. Defaults are the constants below.
 *
 * @param port            HTTP and WebSocket port; 0 picks a free one, {@link #OFF} serves no web at all
 * @param allowedOrigins  origins (as {@code https://chat.example.org}) besides the page's own that may open the socket
 * @param compression     permessage-deflate, off by default: it costs memory per socket and CPU per frame
 * @param maxFrameBytes   largest frame and largest message a client may send; past it the socket closes with 1009
 * @param handshakeMillis time a connection has to send a complete request (and to finish the upgrade)
 * @param sessionDays     how long a web sign-in (its cookie and session token) lasts
 */
public record WebConfig(int port, List<String> allowedOrigins, boolean compression, int maxFrameBytes,
        long handshakeMillis, int sessionDays) {

    /** The port a browser user is told about. */
    public static final int PORT = 8080;
    /** No web listener. */
    public static final int OFF = -1;
    /** 64 KiB: a chat message is at most a few KiB, and this bounds what one socket can make the server hold. */
    public static final int MAX_FRAME_BYTES = 64 * 1024;
    /** 10 s: generous for a browser, short for a connection that opens and says nothing. */
    public static final long HANDSHAKE_MILLIS = 10_000;
    /** 30 days: a month of reloads and reconnects without a password, as most sites keep one signed in. */
    public static final int SESSION_DAYS = 30;

    public WebConfig {
        if (port < OFF || port > 65535) {
            throw new IllegalArgumentException("web port must be 0-65535, not " + port);
        }
        allowedOrigins = allowedOrigins == null ? List.of()
                : allowedOrigins.stream().map(WebConfig::origin).distinct().toList();
        if (maxFrameBytes < 1024 || maxFrameBytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("web frame limit must be between 1 KiB and 16 MiB, not " + maxFrameBytes);
        }
        if (handshakeMillis < 100 || handshakeMillis > 600_000) {
            throw new IllegalArgumentException("handshake timeout must be 100-600000 ms, not " + handshakeMillis);
        }
        if (sessionDays < 1 || sessionDays > 400) {
            // 400 days is the most a browser keeps a cookie (RFC 6265bis, Chrome).
            throw new IllegalArgumentException("session days must be 1-400, not " + sessionDays);
        }
    }

    /** Every setting but the session lifetime, which takes its default. */
    public WebConfig(int port, List<String> allowedOrigins, boolean compression, int maxFrameBytes, long handshakeMillis) {
        this(port, allowedOrigins, compression, maxFrameBytes, handshakeMillis, SESSION_DAYS);
    }

    /** Defaults everywhere, on {@code port}. */
    public static WebConfig defaults(int port) {
        return new WebConfig(port, List.of(), false, MAX_FRAME_BYTES, HANDSHAKE_MILLIS, SESSION_DAYS);
    }

    public boolean enabled() {
        return port != OFF;
    }

    public WebConfig withPort(int p) {
        return new WebConfig(p, allowedOrigins, compression, maxFrameBytes, handshakeMillis, sessionDays);
    }

    public WebConfig withAllowedOrigins(List<String> origins) {
        return new WebConfig(port, origins, compression, maxFrameBytes, handshakeMillis, sessionDays);
    }

    public WebConfig withHandshakeMillis(long millis) {
        return new WebConfig(port, allowedOrigins, compression, maxFrameBytes, millis, sessionDays);
    }

    public WebConfig withCompression(boolean on) {
        return new WebConfig(port, allowedOrigins, on, maxFrameBytes, handshakeMillis, sessionDays);
    }

    public WebConfig withSessionDays(int days) {
        return new WebConfig(port, allowedOrigins, compression, maxFrameBytes, handshakeMillis, days);
    }

    /** How long a web sign-in lasts. */
    public java.time.Duration sessionLifetime() {
        return java.time.Duration.ofDays(sessionDays);
    }

    /** An origin as browsers send it: {@code scheme://host[:port]}, lower case, no path, no default port. */
    static String origin(String s) {
        String o = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
        if (o.endsWith("/")) {
            o = o.substring(0, o.length() - 1);
        }
        try {
            URI u = new URI(o);
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null
                    && (u.getRawPath() == null || u.getRawPath().isEmpty()) && u.getRawQuery() == null
                    && u.getUserInfo() == null) {
                // Browsers leave a scheme's default port out of an Origin; so do we, or it never matches.
                boolean defaultPort = u.getPort() == ("https".equals(u.getScheme()) ? 443 : 80);
                return defaultPort ? u.getScheme() + "://" + u.getHost() : o;
            }
        } catch (java.net.URISyntaxException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("'" + s + "' is not an origin (expected like https://chat.example.org:8443)");
    }
}
