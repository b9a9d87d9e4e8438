package sori.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import sori.UserFacingException;

/**
 * Reads and writes the PEM files TLS needs, and turns what goes wrong into one line for the user.
 * Keys are read in every form OpenSSL writes them: PKCS#8 ({@code PRIVATE KEY}), PKCS#1
 * ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}, with or without its parameters block).
 */
final class Pem {

    private Pem() {}

    /** The certificates in {@code file}, leaf first; at least one. */
    static List<X509Certificate> readCertificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certs = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certs.add((X509Certificate) c);
            }
            if (certs.isEmpty()) {
                throw new UserFacingException("no certificate in " + file);
            }
            return certs;
        } catch (IOException e) {
            throw new UserFacingException("cannot read certificate " + file + ": " + ioReason(e), e);
        } catch (CertificateException e) {
            throw new UserFacingException("cannot read certificate " + file + ": not a PEM certificate ("
                    + e.getMessage() + ")", e);
        }
    }

    /** The first private key in {@code file}: RSA or EC, not encrypted. */
    static PrivateKey readPrivateKey(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(r)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object o; (o = parser.readObject()) != null; ) {
                PrivateKey key = switch (o) {
                    case PEMKeyPair pair -> converter.getKeyPair(pair).getPrivate();
                    case PrivateKeyInfo info -> converter.getPrivateKey(info);
                    case PKCS8EncryptedPrivateKeyInfo x -> throw encrypted(file);
                    case PEMEncryptedKeyPair x -> throw encrypted(file);
                    default -> null; // e.g. EC PARAMETERS before an EC key: skip
                };
                if (key != null) {
                    String alg = key.getAlgorithm();
                    if (!alg.equals("RSA") && !alg.equals("EC")) {
                        throw new UserFacingException("key " + file + " is " + alg + "; sori takes RSA or EC keys");
                    }
                    return key;
                }
            }
            throw new UserFacingException("no private key in " + file);
        } catch (IOException e) {
            throw new UserFacingException("cannot read key " + file + ": " + ioReason(e), e);
        }
    }

    /** {@code AB:CD:...}: the SHA-256 of the certificate, as browsers and {@code openssl x509 -fingerprint} show it. */
    static String fingerprint(X509Certificate cert) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }

    static String encode(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /**
     * Writes {@code text} to {@code file} whole or not at all (a temporary file moved into place);
     * {@code secret} files are readable by their owner only from the moment they exist.
     */
    static void write(Path file, String text, boolean secret) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path tmp = posix && secret
                ? Files.createTempFile(dir, ".sori-", ".tmp", PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, ".sori-", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            if (posix && !secret) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static UserFacingException encrypted(Path file) {
        return new UserFacingException("key " + file + " is encrypted; sori needs it plain "
                + "(openssl pkey -in " + file + " -out plain.pem)");
    }

    static String ioReason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.toLowerCase(Locale.ROOT);
    }
}
