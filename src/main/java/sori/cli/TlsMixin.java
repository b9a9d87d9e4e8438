package sori.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sori.UserFacingException;
import sori.net.TlsContexts;
import sori.net.TlsOptions;

/** The TLS flags of every command that listens ({@code server}, {@code echo}), defined once. */
public final class TlsMixin {

    private static final Logger log = LoggerFactory.getLogger(TlsMixin.class);
    private static final String SELF_SIGNED = "self-signed";

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "PEM certificate (chain, leaf first): TLS on every port, beside plain text. Needs --tls-key.")
    Path cert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key (RSA or EC, not encrypted) of --tls-cert.")
    Path key;

    @Option(names = "--tls", paramLabel = SELF_SIGNED,
            description = "TLS with a certificate made on first start and kept in --data-dir.")
    String mode;

    @Option(names = "--tls-only", description = "Refuse plain text with a one-line error (needs TLS).")
    boolean tlsOnly;

    @Mixin
    DataDirMixin dataDir;

    /** The flags as options, checked; a wrong combination is an {@link IllegalArgumentException}. */
    TlsOptions options() {
        if (mode != null && !mode.equals(SELF_SIGNED)) {
            throw new IllegalArgumentException("--tls takes 'self-signed', not '" + mode
                    + "' (for your own certificate: --tls-cert FILE --tls-key FILE)");
        }
        return new TlsOptions(cert, key, mode != null, dataDir.dir(), tlsOnly, TlsOptions.HANDSHAKE_TIMEOUT);
    }

    /** The start-up lines about TLS: engine, plain text or not, and the fingerprint to pin. */
    static void announce(PrintWriter out, TlsContexts tls) {
        out.printf("TLS (%s engine) on every port%s; certificate %s%n", tls.engine(),
                tls.options().tlsOnly() ? ", plain text refused" : ", plain text too", tls.certFile());
        out.println("TLS certificate SHA-256 fingerprint: " + tls.fingerprint());
        out.flush();
    }

    /** Reloads the certificate files on each SIGHUP; connected clients keep theirs. */
    static void reloadOnHangup(TlsContexts tls) {
        Signals.onHangup(() -> {
            try {
                String fingerprint = tls.reload();
                log.info("SIGHUP: TLS certificate reloaded from {} (SHA-256 {})", tls.certFile(), fingerprint);
            } catch (UserFacingException e) {
                log.warn("SIGHUP: TLS certificate not reloaded, the old one stays in use: {}", e.getMessage());
            } catch (RuntimeException e) {
                log.warn("SIGHUP: TLS certificate not reloaded, the old one stays in use", e);
            }
        });
    }
}
