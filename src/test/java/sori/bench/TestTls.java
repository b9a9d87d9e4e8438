package sori.bench;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;

/** A throwaway self-signed server context for the TLS stand-ins. */
final class TestTls {
    private TestTls() {}

    @SuppressWarnings("deprecation") // SelfSignedCertificate: fine for a test certificate
    static SslContext server() throws Exception {
        SelfSignedCertificate cert = new SelfSignedCertificate("localhost");
        return SslContextBuilder.forServer(cert.certificate(), cert.privateKey()).build();
    }
}
