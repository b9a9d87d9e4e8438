package sori.net;

import java.util.List;
import java.util.Locale;

/** Turns socket exceptions (JDK or Netty native) into the few words a user needs: "connection refused". */
public final class SocketErrors {
    private SocketErrors() {}

    /** The OS phrases worth showing as they are; Netty's native messages wrap them in "bind(..) failed: ...". */
    private static final List<String> KNOWN = List.of(
            "address already in use",
            "connection refused",
            "connection reset",
            "connection timed out",
            "no route to host",
            "network is unreachable",
            "permission denied",
            "cannot assign requested address",
            "address family not supported",
            "broken pipe");

    /** A short lower-case reason for a failure, e.g. {@code address already in use}. */
    public static String reason(Throwable t) {
        String fallback = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m == null || m.isBlank()) {
                continue;
            }
            String lower = m.toLowerCase(Locale.ROOT);
            for (String known : KNOWN) {
                if (lower.contains(known)) {
                    return known;
                }
            }
            if (fallback == null) {
                fallback = lower.replaceFirst("^\\w+\\(\\.\\.\\) failed: ", "");
            }
        }
        return fallback != null ? fallback : t.getClass().getSimpleName();
    }
}
