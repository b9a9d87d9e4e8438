package sori.chat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SCRAM-SHA-256 (RFC 5802, RFC 7677), the server's side, with the JDK's own primitives. An Argon2id hash
 * cannot answer a SCRAM exchange, so beside it an account keeps {@link Credentials}: the salt, the
 * iteration count, StoredKey and ServerKey, never the password nor the SaltedPassword (RFC 5803 form:
 * {@code SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey}, base64). A copy of them signs no one in by
 * itself, but lets a thief try guesses at {@link #ITERATIONS} rounds of PBKDF2 each (docs/security.md).
 * Deriving is slow on purpose: call {@link #credentials} off the event loops, where Argon2id runs.
 */
public final class Scram {

    /** PBKDF2-HMAC-SHA256 rounds for new credentials; stored ones keep their own count (docs/security.md). */
    public static final int ITERATIONS = 600_000;
    /** The least count a stored credential or a test may use: RFC 7677's minimum. */
    public static final int MIN_ITERATIONS = 4096;
    public static final String MECHANISM = "SCRAM-SHA-256";
    private static final int SALT_BYTES = 16;
    /** Nonce bytes from the server, base64 in the exchange. */
    private static final int NONCE_BYTES = 18;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private Scram() {}

    /** What an account keeps for SCRAM. {@link #toString} shows none of the keys. */
    public record Credentials(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {

        /** The RFC 5803 form kept in the store. */
        public String encode() {
            return MECHANISM + "$" + iterations + ":" + B64.encodeToString(salt) + "$"
                    + B64.encodeToString(storedKey) + ":" + B64.encodeToString(serverKey);
        }

        /** {@code encoded} read back; null when it is null or malformed. */
        public static Credentials parse(String encoded) {
            if (encoded == null || !encoded.startsWith(MECHANISM + "$")) {
                return null;
            }
            String[] parts = encoded.substring(MECHANISM.length() + 1).split("[$:]");
            if (parts.length != 4) {
                return null;
            }
            try {
                int i = Integer.parseInt(parts[0]);
                byte[] salt = B64D.decode(parts[1]);
                byte[] stored = B64D.decode(parts[2]);
                byte[] server = B64D.decode(parts[3]);
                if (i < MIN_ITERATIONS || salt.length == 0 || stored.length != 32 || server.length != 32) {
                    return null;
                }
                return new Credentials(i, salt, stored, server);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        @Override
        public String toString() {
            return "Credentials[i=" + iterations + "]";
        }
    }

    /** New credentials for {@code password}, with a fresh salt and {@link #ITERATIONS} rounds, encoded. */
    public static String credentials(String password) {
        return credentials(password, ITERATIONS).encode();
    }

    static Credentials credentials(String password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return credentials(password, salt, iterations);
    }

    static Credentials credentials(String password, byte[] salt, int iterations) {
        byte[] salted = saltedPassword(password, salt, iterations);
        try {
            byte[] clientKey = hmac(salted, "Client Key");
            return new Credentials(iterations, salt, sha256(clientKey), hmac(salted, "Server Key"));
        } finally {
            Arrays.fill(salted, (byte) 0);
        }
    }

    /** Hi(Normalize(password), salt, i) of RFC 5802: PBKDF2 with HMAC-SHA-256, 32 bytes. */
    public static byte[] saltedPassword(String password, byte[] salt, int iterations) {
        char[] chars = prepare(password).toCharArray();
        try {
            // The JDK's PBKDF2 feeds the password to HMAC as UTF-8, as RFC 5802 asks.
            PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, 256);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no PBKDF2WithHmacSHA256 in this JDK", e);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /**
     * SASLprep (RFC 4013) as far as passwords need it: non-ASCII spaces become a space, the characters
     * "commonly mapped to nothing" go, then NFKC.
     */
    static String prepare(String password) {
        StringBuilder b = new StringBuilder(password.length());
        password.codePoints().forEach(c -> {
            if (c == 0x00AD || c == 0x034F || c == 0x1806 || c >= 0x180B && c <= 0x180D || c >= 0x200B && c <= 0x200D
                    || c == 0x2060 || c >= 0xFE00 && c <= 0xFE0F || c == 0xFEFF) {
                return;
            }
            b.appendCodePoint(c != ' ' && Character.isSpaceChar(c) ? ' ' : c);
        });
        return Normalizer.normalize(b, Normalizer.Form.NFKC);
    }

    public static byte[] hmac(byte[] key, String text) {
        return hmac(key, text.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no HmacSHA256 in this JDK", e);
        }
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no SHA-256 in this JDK", e);
        }
    }

    /**
     * The client's first message, read: its GS2 header (no channel binding: {@code n} or {@code y}), the
     * authorization identity (null when absent), the user name, the client's nonce, and the bare message
     * that goes into the proof.
     */
    public record ClientFirst(String gs2Header, String authzid, String user, String nonce, String bare) {

        /** {@code message} read, or null when it is not a SCRAM client-first message this server takes. */
        public static ClientFirst parse(String message) {
            // gs2-cbind-flag "," [ authzid ] "," n=user,r=nonce[,extensions]
            int first = message.indexOf(',');
            int second = first < 0 ? -1 : message.indexOf(',', first + 1);
            if (second < 0) {
                return null;
            }
            String flag = message.substring(0, first);
            if (!flag.equals("n") && !flag.equals("y")) {
                return null; // p=...: channel binding, which SCRAM-SHA-256 without -PLUS does not offer
            }
            String az = message.substring(first + 1, second);
            String authzid = null;
            if (!az.isEmpty()) {
                if (!az.startsWith("a=")) {
                    return null;
                }
                authzid = unescape(az.substring(2));
            }
            String bare = message.substring(second + 1);
            String[] attrs = bare.split(",", -1);
            if (attrs.length < 2 || !attrs[0].startsWith("n=") || !attrs[1].startsWith("r=")) {
                return null;
            }
            String user = unescape(attrs[0].substring(2));
            String nonce = attrs[1].substring(2);
            if (user == null || user.isEmpty() || authzid == null && !az.isEmpty() || nonce.isEmpty()
                    || !nonce.chars().allMatch(c -> c > 0x20 && c < 0x7F && c != ',')) {
                return null;
            }
            for (int i = 2; i < attrs.length; i++) {
                if (attrs[i].startsWith("m=")) {
                    return null; // a mandatory extension we do not know
                }
            }
            return new ClientFirst(message.substring(0, second + 1), authzid, user, nonce, bare);
        }
    }

    /** {@code =2C} and {@code =3D} back to {@code ,} and {@code =}; null when another {@code =} is there. */
    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '=') {
                if (s.startsWith("=2C", i)) {
                    b.append(',');
                } else if (s.startsWith("=3D", i)) {
                    b.append('=');
                } else {
                    return null;
                }
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * One exchange after the client's first message, for an account's credentials: {@link #serverFirst} to
     * send, then {@link #finish} with the client's final message.
     */
    public static final class Exchange {
        private final ClientFirst first;
        private final Credentials credentials;
        private final String serverFirst;
        private final String nonce;

        public Exchange(ClientFirst first, Credentials credentials) {
            this(first, credentials, newNonce());
        }

        /** With the server's part of the nonce given (tests: RFC 7677's example). */
        Exchange(ClientFirst first, Credentials credentials, String serverNonce) {
            this.first = first;
            this.credentials = credentials;
            this.nonce = first.nonce() + serverNonce;
            this.serverFirst = "r=" + nonce + ",s=" + B64.encodeToString(credentials.salt()) + ",i="
                    + credentials.iterations();
        }

        private static String newNonce() {
            byte[] mine = new byte[NONCE_BYTES];
            RANDOM.nextBytes(mine);
            return B64.encodeToString(mine);
        }

        public String serverFirst() {
            return serverFirst;
        }

        /**
         * The server's final message ({@code v=ServerSignature}) when {@code clientFinal} proves the password,
         * else null. Compares in constant time.
         */
        public String finish(String clientFinal) {
            // c=base64(gs2 header),r=nonce[,extensions],p=proof
            int p = clientFinal.lastIndexOf(",p=");
            if (p < 0) {
                return null;
            }
            String withoutProof = clientFinal.substring(0, p);
            String[] attrs = withoutProof.split(",", -1);
            if (attrs.length < 2 || !attrs[0].startsWith("c=") || !attrs[1].startsWith("r=")) {
                return null;
            }
            byte[] binding;
            byte[] proof;
            try {
                binding = B64D.decode(attrs[0].substring(2));
                proof = B64D.decode(clientFinal.substring(p + 3));
            } catch (IllegalArgumentException e) {
                return null;
            }
            boolean ok = MessageDigest.isEqual(binding, first.gs2Header().getBytes(StandardCharsets.UTF_8))
                    & MessageDigest.isEqual(attrs[1].substring(2).getBytes(StandardCharsets.UTF_8),
                            nonce.getBytes(StandardCharsets.UTF_8));
            if (proof.length != 32) {
                return null;
            }
            byte[] authMessage = (first.bare() + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
            byte[] signature = hmac(credentials.storedKey(), authMessage);
            byte[] clientKey = new byte[32];
            for (int i = 0; i < 32; i++) {
                clientKey[i] = (byte) (proof[i] ^ signature[i]);
            }
            ok &= MessageDigest.isEqual(sha256(clientKey), credentials.storedKey());
            if (!ok) {
                return null;
            }
            return "v=" + B64.encodeToString(hmac(credentials.serverKey(), authMessage));
        }
    }
}
