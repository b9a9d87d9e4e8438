package sori.net;

import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.util.Locale;

/** Turns a failed TLS handshake into the few words a user needs: "the certificate is not trusted". */
public final class TlsErrors {

    private TlsErrors() {}

    /** A short lower-case reason for {@code t}, a handshake failure seen from either side. */
    public static String reason(Throwable t) {
        String deepest = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SslHandshakeTimeoutException) {
                return "timed out";
            }
            if (c instanceof NotSslRecordException) {
                return "the other side does not speak TLS";
            }
            if (c instanceof CertificateExpiredException) {
                return "the certificate has expired";
            }
            if (c instanceof CertPathBuilderException || c instanceof CertPathValidatorException) {
                return "the certificate is not trusted";
            }
            if (c instanceof ClosedChannelException) {
                return "the connection was closed";
            }
            String m = c.getMessage();
            if (m != null && !m.isBlank()) {
                String lower = m.toLowerCase(Locale.ROOT);
                if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
                    return "the certificate is not for this host";
                }
                if (lower.contains("unable to find valid certification path") || lower.contains("pkix path")) {
                    return "the certificate is not trusted";
                }
                deepest = lower;
            }
        }
        return deepest != null ? deepest : t.getClass().getSimpleName();
    }
}
