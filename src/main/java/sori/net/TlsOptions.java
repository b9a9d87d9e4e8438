package sori.net;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a server's listeners speak TLS, checked once. TLS is on with a certificate and key in PEM files,
 * or with a self-signed certificate kept in {@code dataDir}; off otherwise. Every listener that is
 * given these options accepts TLS and plain text on the same port, or TLS only.
 *
 * @param certFile         PEM certificate chain, leaf first; null unless {@code keyFile} is given too
 * @param keyFile          PEM private key (RSA or EC; PKCS#8, PKCS#1 or SEC1), not encrypted
 * @param selfSigned       make a certificate on first start and keep it in {@code dataDir}
 * @param dataDir          where the self-signed certificate lives
 * @param tlsOnly          refuse plain text with a one-line error instead of serving it
 * @param handshakeTimeout a connection that has not finished its handshake this long after it
 *                         arrived is dropped
 */
public record TlsOptions(Path certFile, Path keyFile, boolean selfSigned, Path dataDir, boolean tlsOnly,
        Duration handshakeTimeout) {

    /** Where sori keeps what it makes, unless {@code --data-dir} says otherwise. */
    public static final Path DATA_DIR = Path.of("sori-data");
    /** A handshake, from the first byte to done, takes milliseconds; ten seconds forgives slow links only. */
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long a port whose protocol speaks first waits for a TLS hello before greeting in plain text:
     * a TLS client sends its hello at once, a person on netcat does not notice a fifth of a second.
     */
    public static final Duration GREETING_WAIT = Duration.ofMillis(200);

    public TlsOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both or neither");
        }
        if (selfSigned && certFile != null) {
            throw new IllegalArgumentException("choose --tls self-signed or --tls-cert/--tls-key, not both");
        }
        if (tlsOnly && certFile == null && !selfSigned) {
            throw new IllegalArgumentException("--tls-only needs a certificate: --tls-cert/--tls-key or --tls self-signed");
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive, not " + handshakeTimeout);
        }
    }

    /** TLS off: every listener speaks plain text only. */
    public static TlsOptions off() {
        return new TlsOptions(null, null, false, DATA_DIR, false, HANDSHAKE_TIMEOUT);
    }

    /** TLS with the certificate and key in these PEM files. */
    public static TlsOptions pem(Path certFile, Path keyFile) {
        return new TlsOptions(certFile, keyFile, false, DATA_DIR, false, HANDSHAKE_TIMEOUT);
    }

    /** TLS with a self-signed certificate kept in {@code dataDir}. */
    public static TlsOptions selfSigned(Path dataDir) {
        return new TlsOptions(null, null, true, dataDir, false, HANDSHAKE_TIMEOUT);
    }

    public boolean enabled() {
        return certFile != null || selfSigned;
    }

    public TlsOptions withTlsOnly(boolean only) {
        return new TlsOptions(certFile, keyFile, selfSigned, dataDir, only, handshakeTimeout);
    }

    public TlsOptions withHandshakeTimeout(Duration d) {
        return new TlsOptions(certFile, keyFile, selfSigned, dataDir, tlsOnly, d);
    }
}
