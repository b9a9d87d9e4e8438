package sori.client;

import io.netty.handler.ssl.SslContext;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import sori.net.Transport;

/**
 * One client session, checked once.
 *
 * @param target where to connect
 * @param transport the I/O transport; the event loop group handed to the client must match it
 * @param ssl TLS to speak, or null for plain TCP
 * @param in what to send (stdin); read by a daemon thread until EOF
 * @param out where what arrives goes (stdout); written and flushed per read
 * @param connectTimeout how long one connection attempt may take
 */
public record ClientConfig(
        Target target, Transport transport, SslContext ssl, InputStream in, OutputStream out,
        Duration connectTimeout) {

    /** The seed's port. */
    public static final int DEFAULT_PORT = 9999;

    /** Long enough for a slow network, short enough that a black-holed host is reported soon. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public ClientConfig {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connect timeout must be positive, not " + connectTimeout);
        }
    }

    /** Plain TCP to {@code target} with the best transport and the default timeout. */
    public static ClientConfig plain(Target target, InputStream in, OutputStream out) {
        return new ClientConfig(target, Transport.best(), null, in, out, DEFAULT_CONNECT_TIMEOUT);
    }
}
