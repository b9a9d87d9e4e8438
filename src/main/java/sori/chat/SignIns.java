package sori.chat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-ins that outlive a connection (the web page's cookie): a password, or a new account, buys a session
 * token of 256 random bits; the token comes back on later connections and signs them in with no password.
 * Only the token's SHA-256 is kept ({@link SessionTokens}), with its account and expiry. Everything runs on
 * {@link Logins}' pool and its throttle applies; every answer is a future, completed on that pool.
 */
public final class SignIns {

    private static final Logger log = LoggerFactory.getLogger(SignIns.class);

    /** 256 bits: a token cannot be guessed, so a plain SHA-256 (no salt, no Argon2) is enough to keep it. */
    static final int TOKEN_BYTES = 32;
    /** Expired tokens are deleted at most this often, when a new one is issued (and always when presented). */
    static final long SWEEP_EVERY_MILLIS = 3_600_000;
    /** base64url without padding: 43 characters for 32 bytes. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What a sign-in or registration came to: either a {@code token} for {@code account}, valid until
     * {@code expires} (ms since the epoch), or a failure {@code code} with {@code args} (the same codes and
     * texts as the line protocol's errors: {@code login.wrong}, {@code login.throttled}, ...).
     * {@link #toString} leaves the token out.
     */
    public record Outcome(String code, List<String> args, Accounts.Account account, String token, long expires) {
        public Outcome {
            args = List.copyOf(args);
        }

        static Outcome failed(String code, Object... args) {
            return new Outcome(code, Event.Failure.of(code, args).args(), null, null, 0);
        }

        public boolean ok() {
            return code == null;
        }

        /** The failure as the line protocol's event, to render with {@link Texts#failure}. */
        public Event.Failure failure() {
            return new Event.Failure(code, args);
        }

        @Override
        public String toString() {
            return ok() ? "Outcome[" + account + "]" : "Outcome[" + code + "]";
        }
    }

    private final Hub hub;
    private final Logins logins;
    private final SessionTokens tokens;
    private final LongSupplier clock;
    private volatile long swept;

    SignIns(Hub hub, Logins logins, SessionTokens tokens, LongSupplier clock) {
        this.hub = hub;
        this.logins = logins;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Checks {@code password} for the account {@code name} (throttled per account and per address); a token on success. */
    public CompletableFuture<Outcome> withPassword(String name, String password, String address, Duration lifetime) {
        String shown = Names.normalize(name);
        String key = Names.fold(shown);
        if (Names.problem(shown) != null) {
            return CompletableFuture.completedFuture(Outcome.failed("account.unknown", shown));
        }
        return guarded(logins.check(key, password, address).thenCompose(check -> switch (check.result()) {
            case OK -> logins.submit(() -> issue(check.account(), lifetime));
            case UNKNOWN -> {
                logins.noteRegistered(key, false);
                yield CompletableFuture.completedFuture(Outcome.failed("account.unknown", shown));
            }
            case WRONG -> CompletableFuture.completedFuture(Outcome.failed("login.wrong", shown));
            case THROTTLED -> CompletableFuture.completedFuture(
                    Outcome.failed("login.throttled", shown, Math.max(1, (check.waitMillis() + 999) / 1000)));
        }));
    }

    /** Makes the account {@code name} with {@code password}, if the name is valid, free and unused; a token on success. */
    public CompletableFuture<Outcome> register(String name, String password, Duration lifetime) {
        String shown = Names.normalize(name);
        String problem = Names.problem(shown);
        if (problem != null) {
            return CompletableFuture.completedFuture(Outcome.failed(problem, shown.replaceAll("\\s+", "_")));
        }
        if (password.codePointCount(0, password.length()) < Passwords.MIN_LENGTH) {
            return CompletableFuture.completedFuture(Outcome.failed("password.short", Passwords.MIN_LENGTH));
        }
        String key = Names.fold(shown);
        if (hub.nameInUse(key)) {
            // Someone is chatting under it now, as a guest or signed in: it is theirs to register.
            return CompletableFuture.completedFuture(Outcome.failed("name.taken", shown));
        }
        // In a cluster the name may be in use on another node: theirs too. Free there (or one process): go on.
        return hub.namespace().locate(key).toCompletableFuture()
                .handle((node, error) -> error != null ? CompletableFuture.completedFuture(Outcome.failed("cluster.unavailable"))
                        : node != null ? CompletableFuture.completedFuture(Outcome.failed("name.taken", shown))
                        : create(key, shown, password, lifetime))
                .thenCompose(outcome -> outcome);
    }

    /** {@link #register} once the name is known to be free. */
    private CompletableFuture<Outcome> create(String key, String shown, String password, Duration lifetime) {
        return guarded(logins.submit(() -> {
            Accounts.Account account = new Accounts.Account(key, shown, Passwords.hash(password), clock.getAsLong(),
                    null, Scram.credentials(password));
            if (!logins.accounts().create(account)) {
                return Outcome.failed("account.exists", shown);
            }
            logins.noteRegistered(key, true);
            log.info("{} registered an account on the web", shown);
            return issue(account, lifetime);
        }));
    }

    /**
     * The account {@code token} signs in to: none when it is malformed, unknown, expired, or older than its
     * account (an account deleted and made again under the same name). A refused token is deleted.
     */
    public CompletableFuture<Optional<Accounts.Account>> resume(String token) {
        if (!wellFormed(token)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String hash = hash(token);
        return logins.submit(() -> {
            Optional<SessionTokens.Token> found = tokens.find(hash);
            if (found.isEmpty()) {
                return Optional.<Accounts.Account>empty();
            }
            SessionTokens.Token t = found.get();
            Optional<Accounts.Account> account = t.expires() > clock.getAsLong() ? logins.accounts().find(t.account())
                    : Optional.empty();
            if (account.isEmpty() || account.get().created() > t.created()) {
                tokens.delete(hash);
                return Optional.<Accounts.Account>empty();
            }
            return account;
        });
    }

    /** The account {@code key} (a folded name), looked up off the caller's thread. */
    public CompletableFuture<Optional<Accounts.Account>> account(String key) {
        return logins.submit(() -> logins.accounts().find(key));
    }

    /** Forgets {@code token} (signing out one browser); true when it was kept. */
    public CompletableFuture<Boolean> revoke(String token) {
        if (!wellFormed(token)) {
            return CompletableFuture.completedFuture(false);
        }
        String hash = hash(token);
        return logins.submit(() -> tokens.delete(hash));
    }

    /** Forgets every token of {@code account}; answers how many. On the pool: the caller is not waiting on a loop. */
    CompletableFuture<Integer> revokeAll(String account) {
        return logins.submit(() -> tokens.deleteAccount(account));
    }

    /** Forgets every token of {@code account} now, on the caller's thread (already on the pool). */
    int revokeAllNow(String account) {
        return tokens.deleteAccount(account);
    }

    /** True when {@code token} has the shape this class issues: 43 characters of base64url. */
    public static boolean wellFormed(String token) {
        return token != null && TOKEN.matcher(token).matches();
    }

    /** The SHA-256 of {@code token}, in hex: all that is ever stored. */
    public static String hash(String token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A new token for {@code account}, kept hashed; also sweeps expired ones now and then. On the pool. */
    private Outcome issue(Accounts.Account account, Duration lifetime) {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        String token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long now = clock.getAsLong();
        long expires = now + lifetime.toMillis();
        if (now - swept > SWEEP_EVERY_MILLIS) {
            swept = now;
            int gone = tokens.sweep(now);
            if (gone > 0) {
                log.debug("swept {} expired session tokens", gone);
            }
        }
        tokens.add(new SessionTokens.Token(hash(token), account.key(), now, expires));
        return new Outcome(null, List.of(), account, token, expires);
    }

    /** A full pool is "busy, try again"; a store that fails is "unavailable": answers, never exceptions. */
    private static CompletableFuture<Outcome> guarded(CompletableFuture<Outcome> work) {
        return work.exceptionally(error -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof RejectedExecutionException) {
                return Outcome.failed("account.busy");
            }
            log.warn("web sign-in failed: {}", cause.toString());
            return Outcome.failed("account.unavailable");
        });
    }
}
