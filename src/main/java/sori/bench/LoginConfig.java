package sori.bench;

/**
 * A sign-in storm: {@code users} registered accounts, {@code concurrency} connections at a time, each signing
 * in again as soon as its last sign-in ended.
 *
 * @param common shared options ({@code connectTimeout} bounds each sign-in, from connect to welcome)
 * @param users accounts to sign in with, named {@code namePrefix + 0 .. users - 1}; made first if missing
 * @param concurrency sign-ins in flight at once; each account is used by one connection at a time
 * @param logins stop after this many measured sign-ins (0: when {@code --duration} ends)
 * @param namePrefix the accounts' names before their number
 * @param passwordPrefix the accounts' passwords before their number
 */
public record LoginConfig(BenchConfig common, int users, int concurrency, long logins, String namePrefix,
        String passwordPrefix) {

    public static final int DEFAULT_USERS = 64;
    public static final int DEFAULT_CONCURRENCY = 4;
    public static final String DEFAULT_NAME_PREFIX = "login";
    public static final String DEFAULT_PASSWORD_PREFIX = "bench-password-";
    /** Connections at once: far under any open-file limit, and far past what two hashing threads keep busy. */
    public static final int MAX_CONCURRENCY = 1000;
    /** Longest name the server takes (sori.chat.Names). */
    static final int MAX_NAME = 32;

    public LoginConfig {
        if (common == null) {
            throw new IllegalArgumentException("common options missing");
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("--concurrency must be 1.." + MAX_CONCURRENCY + ", not " + concurrency);
        }
        if (users < concurrency || users > 1_000_000) {
            throw new IllegalArgumentException("--users must be at least --concurrency (" + concurrency
                    + "; one connection per account at a time) and at most 1000000, not " + users);
        }
        if (logins < 0) {
            throw new IllegalArgumentException("--logins must not be negative");
        }
        if (namePrefix == null || namePrefix.isEmpty() || !namePrefix.matches("[A-Za-z][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("--name-prefix must start with a letter and hold only letters, digits, "
                    + "_ - and .");
        }
        if (namePrefix.length() + Integer.toString(users - 1).length() > MAX_NAME) {
            throw new IllegalArgumentException("--name-prefix is too long: names have at most " + MAX_NAME
                    + " characters");
        }
        if (passwordPrefix == null || passwordPrefix.length() < 8
                || passwordPrefix.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("--password-prefix must have at least 8 characters, and no spaces or "
                    + "control characters");
        }
    }

    public static LoginConfig of(BenchConfig common, int users, int concurrency) {
        return new LoginConfig(common, users, concurrency, 0, DEFAULT_NAME_PREFIX, DEFAULT_PASSWORD_PREFIX);
    }

    String name(int user) {
        return namePrefix + user;
    }

    String password(int user) {
        return passwordPrefix + user;
    }
}
