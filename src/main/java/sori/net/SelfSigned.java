package sori.net;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sori.UserFacingException;

/**
 * The self-signed certificate of {@code --tls self-signed}: made once, then kept as {@code cert.pem}
 * and {@code key.pem} (mode 600) in the data directory, so its fingerprint stays the same across
 * restarts and clients can pin it. An EC P-256 key: fast to make and fast to handshake with.
 */
final class SelfSigned {

    static final String CERT_FILE = "cert.pem";
    static final String KEY_FILE = "key.pem";
    /** Long enough never to bother a private server; anyone who cares uses their own files. */
    private static final Duration VALIDITY = Duration.ofDays(3650);
    private static final Logger log = LoggerFactory.getLogger(SelfSigned.class);

    private SelfSigned() {}

    /** The certificate and key files in {@code dataDir}, made there first if they are missing. */
    static Path[] ensure(Path dataDir) {
        Path cert = dataDir.resolve(CERT_FILE);
        Path key = dataDir.resolve(KEY_FILE);
        if (Files.exists(cert) && Files.exists(key)) {
            return new Path[] {cert, key};
        }
        try {
            Files.createDirectories(dataDir);
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = g.generateKeyPair();
            X509Certificate c = certificate(pair, hostName());
            // The key first: a cert.pem without its key.pem would be reused as if whole.
            Pem.write(key, Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
            Pem.write(cert, Pem.encode("CERTIFICATE", c.getEncoded()), false);
            log.info("made a self-signed TLS certificate in {}", cert);
            return new Path[] {cert, key};
        } catch (IOException e) {
            throw new UserFacingException("cannot keep the self-signed certificate in " + dataDir + ": "
                    + Pem.ioReason(e), e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make a self-signed certificate", e);
        }
    }

    /** Valid for localhost, 127.0.0.1, ::1 and this machine's name, so host name checks pass on them. */
    static X509Certificate certificate(KeyPair pair, String host)
            throws GeneralSecurityException, OperatorCreationException, CertIOException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, host)
                .addRDN(BCStyle.O, "sori self-signed")
                .build();
        Instant now = Instant.now();
        BigInteger serial = new BigInteger(63, new SecureRandom()).add(BigInteger.ONE);
        var builder = new JcaX509v3CertificateBuilder(subject, serial,
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        if (!host.equals("localhost")) {
            names.add(new GeneralName(GeneralName.dNSName, host));
        }
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(names.toArray(GeneralName[]::new)));
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    /** This machine's name when it is a plain DNS name, else localhost. */
    private static String hostName() {
        try {
            String h = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            return h.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?") ? h : "localhost";
        } catch (IOException e) {
            return "localhost";
        }
    }
}
