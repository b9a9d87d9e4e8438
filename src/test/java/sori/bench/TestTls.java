package sori.bench;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;

/** A throwaway self-signed server context for the TLS stand-ins, made once (key generation is slow). */
final class TestTls {
    private static SslContext server;

    private TestTls() {}

    @SuppressWarnings("deprecation") // SelfSignedCertificate: fine for a test certificate
    static synchronized SslContext server() throws Exception {
        if (server == null) {
            SelfSignedCertificate cert = new SelfSignedCertificate("localhost");
            server = SslContextBuilder.forServer(cert.certificate(), cert.privateKey()).build();
        }
        return server;
    }
}
