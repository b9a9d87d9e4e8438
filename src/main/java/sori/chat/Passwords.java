package sori.chat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Argon2id password hashes in PHC string form ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), with
 * {@link Argon2id} (the same output as Bouncy Castle's generator, which made the hashes stored before it).
 * Each thread that hashes keeps its own 19 MiB of block memory, reused by every hash and freed when the
 * thread ends: on the server that is {@link Logins}' two threads, so hashing holds at most 2 x 19 MiB and
 * allocates almost nothing per hash (docs/security.md). The parameters are OWASP's first recommendation (docs/security.md); a stored hash keeps
 * its own, so they can be raised later without breaking old accounts. Slow on purpose: call it off the
 * event loops ({@link Logins} does).
 */
public final class Passwords {

    /** Memory per hash, KiB (19 MiB). */
    public static final int MEMORY_KIB = 19 * 1024;
    public static final int ITERATIONS = 2;
    public static final int PARALLELISM = 1;
    /** Shortest password accepted, in characters. */
    public static final int MIN_LENGTH = 8;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    /** Memory for {@link #MEMORY_KIB} is kept per thread; a stored hash asking for more gets it for that hash only. */
    private static final ThreadLocal<Argon2id> HASHER = ThreadLocal.withInitial(() -> new Argon2id(MEMORY_KIB));

    private Passwords() {}

    /** A new salted hash of {@code password}. */
    public static String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] out = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /** True when {@code password} matches {@code encoded}; compares in constant time. False for a malformed hash. */
    public static boolean verify(String password, String encoded) {
        String[] parts = encoded == null ? new String[0] : encoded.split("\\$");
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return false;
        }
        try {
            int m = 0;
            int t = 0;
            int p = 0;
            for (String kv : parts[3].split(",")) {
                int v = Integer.parseInt(kv.substring(2));
                switch (kv.substring(0, 2)) {
                    case "m=" -> m = v;
                    case "t=" -> t = v;
                    case "p=" -> p = v;
                    default -> {
                        return false;
                    }
                }
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] expected = B64D.decode(parts[5]);
            if (m < 8 || t < 1 || p < 1 || expected.length < 16) {
                return false;
            }
            return MessageDigest.isEqual(derive(password, salt, m, t, p, expected.length), expected);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return false;
        }
    }

    private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        try {
            return HASHER.get().hash(pw, salt, null, null, memoryKib, iterations, parallelism, length);
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
    }
}
