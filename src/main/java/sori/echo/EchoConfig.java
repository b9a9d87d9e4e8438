package sori.echo;

import java.time.Duration;
import java.util.Objects;
import sori.net.TlsOptions;
import sori.net.Transport;

/**
 * What {@code sori echo} was asked to do, checked once.
 *
 * @param host the address to bind, or null for every interface (IPv6 {@code ::} dual-stack, else IPv4)
 * @param port the port to bind; 0 picks a free one
 * @param once echo the first message of the first client, then stop (the seed's first server)
 * @param exitWhenEmpty stop when the last client leaves, once at least one came (TCP only)
 * @param udp echo datagrams instead of TCP streams
 * @param idleFlush how long a pause ends a line that has no newline (for {@code end} and {@code --once})
 * @param transport the I/O transport; the event loop group handed to the server must match it
 * @param tls TLS beside plain text (or TLS only) on the TCP port, or {@link TlsOptions#off()}
 */
public record EchoConfig(
        String host, int port, boolean once, boolean exitWhenEmpty, boolean udp, Duration idleFlush,
        Transport transport, TlsOptions tls) {

    /** The seed's port. */
    public static final int DEFAULT_PORT = 9999;

    /** Long enough that a typed or bare message is whole, short enough that {@code end} feels at once. */
    public static final Duration DEFAULT_IDLE_FLUSH = Duration.ofMillis(100);

    public EchoConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        if (host != null && host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // [::1] as in a URL means ::1
        }
        if (host != null && host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        Objects.requireNonNull(idleFlush, "idleFlush");
        if (idleFlush.isNegative() || idleFlush.isZero()) {
            throw new IllegalArgumentException("idle flush must be positive, not " + idleFlush.toMillis() + " ms");
        }
        if (udp && exitWhenEmpty) {
            throw new IllegalArgumentException("--exit-when-empty needs TCP: UDP has no connections to count");
        }
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(tls, "tls");
        if (udp && tls.enabled()) {
            throw new IllegalArgumentException("TLS needs TCP: --udp does not go with --tls or --tls-cert");
        }
    }

    /** Without TLS. */
    public EchoConfig(String host, int port, boolean once, boolean exitWhenEmpty, boolean udp, Duration idleFlush,
            Transport transport) {
        this(host, port, once, exitWhenEmpty, udp, idleFlush, transport, TlsOptions.off());
    }

    /** Plain TCP echo on {@code port}, every interface, best transport. */
    public static EchoConfig tcp(int port) {
        return new EchoConfig(null, port, false, false, false, DEFAULT_IDLE_FLUSH, Transport.best());
    }

    public EchoConfig withHost(String h) {
        return new EchoConfig(h, port, once, exitWhenEmpty, udp, idleFlush, transport, tls);
    }

    public EchoConfig withOnce(boolean o) {
        return new EchoConfig(host, port, o, exitWhenEmpty, udp, idleFlush, transport, tls);
    }

    public EchoConfig withExitWhenEmpty(boolean e) {
        return new EchoConfig(host, port, once, e, udp, idleFlush, transport, tls);
    }

    public EchoConfig withUdp(boolean u) {
        return new EchoConfig(host, port, once, exitWhenEmpty, u, idleFlush, transport, tls);
    }

    public EchoConfig withTls(TlsOptions t) {
        return new EchoConfig(host, port, once, exitWhenEmpty, udp, idleFlush, transport, t);
    }

    public EchoConfig withIdleFlush(Duration d) {
        return new EchoConfig(host, port, once, exitWhenEmpty, udp, d, transport, tls);
    }
}
