package sori.chat;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Account work off the event loops: Argon2id hashing and every {@link Accounts} call run on a small pool
 * of its own, and answer later, as history reads do. Also the failed-sign-in throttle (per account and per
 * address), and which names are registered, kept in memory so the name prompt needs no database trip
 * (refreshed in the background every {@link #REFRESH_MILLIS}, so accounts made by {@code sori accounts}
 * on a running server are seen within that).
 */
final class Logins {

    private static final Logger log = LoggerFactory.getLogger(Logins.class);

    /**
     * Threads hashing at once: each takes a core while it works, and keeps {@link Passwords#MEMORY_KIB} of
     * hashing memory (reused by every hash) until it ends, after {@code 30 s} idle: 2 x 19 MiB at most.
     */
    static final int THREADS = 2;
    /** Hashes waiting past this are refused ("busy, try again") rather than queued without end. */
    static final int QUEUE = 256;
    static final long REFRESH_MILLIS = 5_000;
    /** Failures per account, then per address, before the waits begin. */
    static final int FREE_PER_ACCOUNT = 3;
    static final int FREE_PER_ADDRESS = 10;

    private static final ThreadPoolExecutor POOL = pool();

    /** The outcome of a password check. */
    enum Result { OK, WRONG, UNKNOWN, THROTTLED }

    record Check(Result result, Accounts.Account account, long waitMillis) {}

    private final Accounts accounts;
    private final LongSupplier clock;
    private final LoginThrottle perAccount = new LoginThrottle(FREE_PER_ACCOUNT);
    private final LoginThrottle perAddress = new LoginThrottle(FREE_PER_ADDRESS);
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile long refreshed;

    Logins(Accounts accounts, LongSupplier clock) {
        this.accounts = accounts;
        this.clock = clock;
        try {
            accounts.list().forEach(a -> registered.add(a.key()));
        } catch (RuntimeException e) {
            log.warn("cannot read the accounts: {}", e.getMessage());
        }
        refreshed = System.nanoTime();
    }

    Accounts accounts() {
        return accounts;
    }

    /** True when {@code key} is a registered name, as last seen. */
    boolean registered(String key) {
        long now = System.nanoTime();
        if (now - refreshed > TimeUnit.MILLISECONDS.toNanos(REFRESH_MILLIS) && refreshing.compareAndSet(false, true)) {
            try {
                POOL.execute(() -> {
                    try {
                        Set<String> keys = ConcurrentHashMap.newKeySet();
                        accounts.list().forEach(a -> keys.add(a.key()));
                        registered.retainAll(keys);
                        registered.addAll(keys);
                    } catch (RuntimeException e) {
                        log.warn("cannot read the accounts: {}", e.getMessage());
                    } finally {
                        refreshed = System.nanoTime();
                        refreshing.set(false);
                    }
                });
            } catch (RejectedExecutionException e) {
                refreshing.set(false);
            }
        }
        return registered.contains(key);
    }

    void noteRegistered(String key, boolean yes) {
        if (yes) {
            registered.add(key);
        } else {
            registered.remove(key);
        }
    }

    /** Checks {@code password} for the account {@code key}, unless {@code address} or the account must wait. */
    CompletableFuture<Check> check(String key, String password, String address) {
        long now = clock.getAsLong();
        long wait = Math.max(perAccount.waitMillis(key, now), perAddress.waitMillis(address, now));
        if (wait > 0) {
            return CompletableFuture.completedFuture(new Check(Result.THROTTLED, null, wait));
        }
        return submit(() -> {
            Optional<Accounts.Account> found = accounts.find(key);
            if (found.isEmpty()) {
                return new Check(Result.UNKNOWN, null, 0);
            }
            long at = clock.getAsLong();
            Accounts.Account a = found.get();
            if (Passwords.verify(password, a.hash())) {
                perAccount.succeeded(key);
                perAddress.succeeded(address);
                if (a.scram() == null) {
                    a = withScram(a, password);
                }
                return new Check(Result.OK, a, 0);
            }
            perAccount.failed(key, at);
            perAddress.failed(address, at);
            log.info("failed sign-in for {} from {}", found.get().name(), address);
            return new Check(Result.WRONG, found.get(), 0);
        });
    }

    /**
     * An account made before SCRAM credentials were kept, signing in with its password: they are made now
     * (unless the password changed meanwhile). A store that fails here does not fail the sign-in.
     */
    private Accounts.Account withScram(Accounts.Account a, String password) {
        String scram = Scram.credentials(password);
        try {
            if (accounts.setScram(a.key(), a.hash(), scram)) {
                return new Accounts.Account(a.key(), a.name(), a.hash(), a.created(), a.language(), scram);
            }
        } catch (RuntimeException e) {
            log.warn("cannot keep SCRAM credentials for {}: {}", a.name(), e.getMessage());
        }
        return a;
    }

    /**
     * The account {@code key} for a SCRAM exchange, read on the pool, unless {@code address} or the account must
     * wait: OK with the account (whose credentials may be missing), UNKNOWN or THROTTLED. The proof is checked
     * by the caller, who reports it with {@link #answered}.
     */
    CompletableFuture<Check> lookup(String key, String address) {
        long now = clock.getAsLong();
        long wait = Math.max(perAccount.waitMillis(key, now), perAddress.waitMillis(address, now));
        if (wait > 0) {
            return CompletableFuture.completedFuture(new Check(Result.THROTTLED, null, wait));
        }
        return submit(() -> accounts.find(key)
                .map(a -> new Check(Result.OK, a, 0))
                .orElseGet(() -> new Check(Result.UNKNOWN, null, 0)));
    }

    /** A proof for the account {@code key} from {@code address} was right or wrong: the throttle counts it. */
    void answered(String key, String name, String address, boolean right) {
        if (right) {
            perAccount.succeeded(key);
            perAddress.succeeded(address);
            return;
        }
        long at = clock.getAsLong();
        perAccount.failed(key, at);
        perAddress.failed(address, at);
        log.info("failed sign-in for {} from {}", name, address);
    }

    /** Runs {@code work} (hashing, a database call) on the pool; fails with {@link RejectedExecutionException} when it is full. */
    <T> CompletableFuture<T> submit(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, POOL);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static ThreadPoolExecutor pool() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor p = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(QUEUE),
                r -> Thread.ofPlatform().daemon().name("sori-login-" + n.incrementAndGet()).unstarted(r));
        p.allowCoreThreadTimeOut(true);
        return p;
    }
}
