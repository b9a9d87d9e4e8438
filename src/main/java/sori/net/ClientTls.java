package sori.net;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;
import javax.net.ssl.SSLException;
import sori.UserFacingException;

/** The TLS context of a client: whom it trusts, and whether it checks that the certificate names the host. */
public final class ClientTls {

    private ClientTls() {}

    /**
     * @param caFile   PEM certificates to trust instead of the system's (a self-signed server's
     *                 {@code cert.pem} works); null for the system's
     * @param insecure trust any certificate and skip the host name check (for a first test only)
     * @throws UserFacingException when the CA file cannot be read
     */
    public static SslContext context(Path caFile, boolean insecure) {
        if (insecure && caFile != null) {
            throw new IllegalArgumentException("choose --insecure or --ca, not both");
        }
        SslContextBuilder b = SslContextBuilder.forClient()
                .sslProvider(TlsContexts.bestProvider())
                .protocols(TlsContexts.PROTOCOLS)
                // HTTPS rules: the certificate must name the host we dialled.
                .endpointIdentificationAlgorithm(insecure ? null : "HTTPS");
        if (insecure) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (caFile != null) {
            b.trustManager(Pem.readCertificates(caFile));
        }
        try {
            return b.build();
        } catch (SSLException e) {
            throw new UserFacingException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
