package sori.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sori.UserFacingException;

/**
 * What {@code --cluster} names: {@code redis://HOST:PORT} (one server) or {@code redis+cluster://H1:P1,H2:P2,...}
 * (seed nodes of a Redis Cluster). Parsed here so a typo is one clear line before any connection is tried.
 */
public record RedisUrl(boolean cluster, List<HostPort> hosts) {

    /** Redis's own default, used when a host names no port. */
    public static final int DEFAULT_PORT = 6379;

    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9.\\-_]+)(?::(\\d{1,5}))?");

    public RedisUrl {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty() || (!cluster && hosts.size() != 1)) {
            throw new IllegalArgumentException("standalone takes one host, a cluster at least one");
        }
    }

    /** One host and port; the host as written (IPv6 in brackets). */
    public record HostPort(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    public static RedisUrl parse(String url) {
        String standalone = "redis://";
        String clustered = "redis+cluster://";
        boolean cluster;
        String rest;
        if (url != null && url.startsWith(clustered)) {
            cluster = true;
            rest = url.substring(clustered.length());
        } else if (url != null && url.startsWith(standalone)) {
            cluster = false;
            rest = url.substring(standalone.length());
        } else {
            throw bad(url, "it must start with redis:// (one server) or redis+cluster:// (a Redis Cluster)");
        }
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        String[] parts = rest.split(",", -1);
        if (!cluster && parts.length > 1) {
            throw bad(url, "redis:// takes one HOST:PORT; for several nodes use redis+cluster://H1:P1,H2:P2");
        }
        List<HostPort> hosts = new ArrayList<>();
        for (String p : parts) {
            Matcher m = HOST_PORT.matcher(p.trim());
            if (!m.matches()) {
                throw bad(url, "'" + p + "' is not HOST:PORT");
            }
            int port = m.group(2) == null ? DEFAULT_PORT : Integer.parseInt(m.group(2));
            if (port < 1 || port > 65535) {
                throw bad(url, "port " + port + " is not between 1 and 65535");
            }
            hosts.add(new HostPort(m.group(1), port));
        }
        return new RedisUrl(cluster, hosts);
    }

    private static UserFacingException bad(String url, String why) {
        return new UserFacingException("bad --cluster address " + url + ": " + why);
    }

    @Override
    public String toString() {
        return (cluster ? "redis+cluster://" : "redis://")
                + String.join(",", hosts.stream().map(HostPort::toString).toList());
    }
}
