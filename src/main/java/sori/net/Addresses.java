package sori.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** How sori writes a socket address for people: {@code 127.0.0.1:5555}, {@code [::1]:9999}, {@code [::]:9999}. */
public final class Addresses {
    private Addresses() {}

    /** {@code host:port}, with IPv6 in brackets and shortened as RFC 5952 says. */
    public static String format(InetSocketAddress a) {
        InetAddress ip = a.getAddress();
        String host = ip == null ? a.getHostString() : ip.getHostAddress();
        if (ip instanceof Inet6Address v6) {
            host = shorten(v6);
        }
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + a.getPort() : host + ":" + a.getPort();
    }

    /** A channel's peer as {@link #format(InetSocketAddress)} writes it, the same in every log line. */
    public static String remote(io.netty.channel.Channel ch) {
        return ch.remoteAddress() instanceof InetSocketAddress a ? format(a) : String.valueOf(ch.remoteAddress());
    }

    /** {@code host:port} for a host as typed, bracketing an IPv6 literal. */
    public static String format(String host, int port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    /** The shortest text form of an IPv6 address: lower-case hex, the longest run of zero groups as "::". */
    static String shorten(Inet6Address a) {
        byte[] b = a.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestStart = -1; // RFC 5952: a single zero group is not shortened
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(g[i]));
        }
        String full = a.getHostAddress();
        int scope = full.indexOf('%');
        if (scope >= 0) {
            s.append(full, scope, full.length()); // keep a link-local address's interface
        }
        return s.toString();
    }
}
