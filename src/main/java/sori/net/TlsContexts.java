package sori.net;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sori.UserFacingException;

/**
 * The TLS side of a server: the certificate in use, the engine, and the handlers every listener puts
 * first in its pipeline. One per server, shared by all its listeners; {@link #reload()} swaps the
 * certificate for new connections while connected ones keep theirs. Safe from any thread.
 */
public final class TlsContexts {

    /** TLS 1.2 and 1.3 only: older versions have known weaknesses and nothing current needs them. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);

    private final TlsOptions options;
    private final SslProvider provider;
    private final Path certFile;
    private final Path keyFile;
    private final AtomicReference<Loaded> current = new AtomicReference<>();
    private final LongAdder handshakesDone = new LongAdder();
    private final LongAdder handshakesFailed = new LongAdder();

    private record Loaded(SslContext context, String fingerprint) {}

    private TlsContexts(TlsOptions options, SslProvider provider, Path certFile, Path keyFile) {
        this.options = options;
        this.provider = provider;
        this.certFile = certFile;
        this.keyFile = keyFile;
    }

    /**
     * Reads the certificate and key (making the self-signed ones first if asked), with the fastest
     * engine here, and logs which.
     *
     * @throws UserFacingException when a file is missing, unreadable, or the key does not fit
     */
    public static TlsContexts load(TlsOptions options) {
        SslProvider p = bestProvider();
        if (p == SslProvider.OPENSSL) {
            log.info("TLS engine: {} through netty-tcnative ({})", OpenSsl.versionString(), String.join(", ", PROTOCOLS));
        } else {
            Throwable why = OpenSsl.unavailabilityCause();
            log.info("TLS engine: the JDK's ({}); netty-tcnative did not load: {}", String.join(", ", PROTOCOLS),
                    why == null ? "unknown reason" : why.getMessage()); // a message, not a stack trace
        }
        return load(options, p);
    }

    /** As {@link #load(TlsOptions)} with a chosen engine (for measuring one against the other). */
    public static TlsContexts load(TlsOptions options, SslProvider provider) {
        if (!options.enabled()) {
            throw new IllegalArgumentException("TLS is off in these options");
        }
        Path[] files = options.selfSigned()
                ? SelfSigned.ensure(options.dataDir())
                : new Path[] {options.certFile(), options.keyFile()};
        TlsContexts t = new TlsContexts(options, provider, files[0], files[1]);
        t.current.set(t.build());
        return t;
    }

    /** BoringSSL through netty-tcnative where it loads (it always has TLS 1.3); the JDK's engine otherwise. */
    public static SslProvider bestProvider() {
        try {
            return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        } catch (Throwable e) {
            return SslProvider.JDK; // a native library that fails to link is just "not available"
        }
    }

    /** TLS handshakes finished, with {@code ok} true, or failed, since start (for metrics). */
    public long handshakes(boolean ok) {
        return (ok ? handshakesDone : handshakesFailed).sum();
    }

    void handshake(boolean ok) {
        (ok ? handshakesDone : handshakesFailed).increment();
    }

    /** "BoringSSL" or "JDK": what the log and the start line call the engine. */
    public String engine() {
        return provider == SslProvider.JDK ? "JDK" : "BoringSSL";
    }

    /**
     * Reads the files again and uses them for new connections; connected clients keep the
     * certificate they shook hands with. A file that fails keeps the old certificate in use.
     *
     * @return the new certificate's fingerprint
     * @throws UserFacingException when the files cannot be used; nothing changed then
     */
    public synchronized String reload() {
        Loaded fresh = build();
        current.set(fresh);
        return fresh.fingerprint();
    }

    /** The context new connections get. */
    public SslContext context() {
        return current.get().context();
    }

    /** SHA-256 of the certificate in use, {@code AB:CD:...}. */
    public String fingerprint() {
        return current.get().fingerprint();
    }

    public Path certFile() {
        return certFile;
    }

    public TlsOptions options() {
        return options;
    }

    /**
     * The first handler of a listener's pipeline: tells TLS from plain text by the first bytes and
     * holds back {@code channelActive} from the handlers after it until it knows, and for TLS until
     * the handshake is done. One per channel.
     *
     * @param speaksFirst the protocol greets before the client says anything (the line chat's prompt):
     *                    a silent client is taken for plain text after {@link TlsOptions#GREETING_WAIT}
     */
    public ChannelHandler newSniffer(boolean speaksFirst) {
        return new TlsSniffer(this, speaksFirst ? TlsOptions.GREETING_WAIT.toMillis() : 0, false);
    }

    /** {@link #newSniffer} for an HTTP port: with {@code --tls-only}, plain HTTP gets an HTTP 400 that points to https. */
    public ChannelHandler newHttpSniffer() {
        return new TlsSniffer(this, 0, true);
    }

    /** A server-side TLS handler for one connection, dropping it if the handshake takes over {@code timeoutMillis}. */
    SslHandler newHandler(ByteBufAllocator alloc, long timeoutMillis) {
        SslHandler h = context().newHandler(alloc);
        h.setHandshakeTimeoutMillis(timeoutMillis);
        return h;
    }

    private Loaded build() {
        List<X509Certificate> chain = Pem.readCertificates(certFile);
        PrivateKey key = Pem.readPrivateKey(keyFile);
        if (!fits(key, chain.get(0).getPublicKey())) {
            throw new UserFacingException("key " + keyFile + " does not belong to certificate " + certFile);
        }
        try {
            SslContext ctx = SslContextBuilder.forServer(key, chain)
                    .sslProvider(provider)
                    .protocols(PROTOCOLS)
                    .build();
            return new Loaded(ctx, Pem.fingerprint(chain.get(0)));
        } catch (SSLException e) {
            throw new UserFacingException("cannot use certificate " + certFile + ": " + e.getMessage(), e);
        }
    }

    /** True when {@code key} signs what {@code pub} verifies: a key from another pair fails every handshake. */
    private static boolean fits(PrivateKey key, PublicKey pub) {
        if (!key.getAlgorithm().equals(pub.getAlgorithm())) {
            return false;
        }
        String alg = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] probe = "sori".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
