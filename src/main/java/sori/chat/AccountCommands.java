package sori.chat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account commands ({@code /register /login /logout /password /unregister}) and the password prompt
 * for a registered name. Hashing and the accounts' store run on {@link Logins}' pool; while one is out the
 * user's further input is held and replayed after, so lines keep their order. A password is only ever
 * handed to {@link Logins}: it is not logged, echoed, posted to a room or kept.
 */
final class AccountCommands {

    private static final Logger log = LoggerFactory.getLogger(AccountCommands.class);

    /** Wrong passwords at the prompt before the connection is closed. */
    static final int PROMPT_TRIES = 3;

    private final Hub hub;
    private final Logins logins;
    private final SignIns signIns;
    private final LongSupplier clock;

    AccountCommands(Hub hub, Logins logins, SignIns signIns, LongSupplier clock) {
        this.hub = hub;
        this.logins = logins;
        this.signIns = signIns;
        this.clock = clock;
    }

    /** True when {@code key} is a registered name. */
    boolean registered(String key) {
        return logins.registered(key);
    }

    /** A guest at the prompt chose the registered {@code name}: ask for its password. */
    void askPassword(User u, String name) {
        synchronized (u) {
            u.awaiting = name;
            u.tries = 0;
        }
        u.post(new Event.PasswordPrompt(name));
    }

    /**
     * Takes {@code line} before the Hub reads it when an account operation is out (held, replayed after) or
     * the prompt waits for a password (checked). True when taken.
     */
    boolean takes(User u, String line) {
        String name;
        synchronized (u) {
            if (u.busy > 0) {
                u.hold(() -> hub.input(u, line));
                return true;
            }
            if (u.awaiting == null) {
                return false;
            }
            name = u.awaiting;
            if (line.isEmpty()) { // an empty line goes back to choosing a name
                u.awaiting = null;
                u.post(new Event.Prompt());
                return true;
            }
            u.busy++;
        }
        String key = Names.fold(name);
        after(u, logins.check(key, line, u.host()), check -> promptAnswered(u, name, check));
        return true;
    }

    private void promptAnswered(User u, String name, Logins.Check check) {
        switch (check.result()) {
            case OK -> {
                synchronized (u) {
                    u.awaiting = null;
                }
                Accounts.Account a = check.account();
                // Reserved around the admission, so that in a cluster the log line follows the answer.
                hub.reserving(u, a.key(), a.name(), true, () -> {
                    if (hub.admit(u, a.name(), a.key(), a.language())) {
                        log.info("{} signed in from {}", a.name(), u.host());
                    }
                    return true;
                });
            }
            case UNKNOWN -> { // deleted meanwhile: the name is free again
                synchronized (u) {
                    u.awaiting = null;
                }
                logins.noteRegistered(Names.fold(name), false);
                hub.register(u, name);
            }
            case WRONG, THROTTLED -> {
                int tries;
                synchronized (u) {
                    tries = ++u.tries;
                }
                if (check.result() == Logins.Result.THROTTLED) {
                    Hub.fail(u, "login.throttled", name, seconds(check.waitMillis()));
                } else if (tries < PROMPT_TRIES) {
                    Hub.fail(u, "login.wrong", name);
                }
                if (tries >= PROMPT_TRIES) {
                    hub.expel(u, Event.Departure.QUIT, Event.Goodbye.of("error.login.closed", name, PROMPT_TRIES));
                } else {
                    u.post(new Event.PasswordPrompt(name));
                }
            }
        }
    }

    void register(User u, String password) {
        if (u.account() != null) {
            Hub.fail(u, "account.signedin", u.name());
            return;
        }
        if (password.codePointCount(0, password.length()) < Passwords.MIN_LENGTH) {
            Hub.fail(u, "password.short", Passwords.MIN_LENGTH);
            return;
        }
        String name = u.name();
        String key = Names.fold(name);
        long now = clock.getAsLong();
        Texts chosen = u.person().language(); // a guest's /lang becomes the account's
        String lang = chosen == null ? null : chosen.language();
        begin(u);
        after(u, logins.submit(() -> logins.accounts().create(new Accounts.Account(key, name, Passwords.hash(password), now, lang,
                Scram.credentials(password)))),
                created -> {
                    if (!created) {
                        Hub.fail(u, "account.exists", name);
                        return;
                    }
                    logins.noteRegistered(key, true);
                    u.person().account(key);
                    // Every connection of the person (still sharing it after an /unregister) is this account now.
                    u.person().post(new Event.SignedIn(name));
                    hub.accountChanged(u.person());
                    u.post(Event.Notice.of("account.registered", name));
                    log.info("{} registered an account", name);
                });
    }

    void login(User u, String wanted, String password) {
        if (u.account() != null) {
            Hub.fail(u, "account.signedin", u.name());
            return;
        }
        String name = Names.normalize(wanted);
        String key = Names.fold(name);
        begin(u);
        after(u, logins.check(key, password, u.host()), check -> {
            switch (check.result()) {
                case OK -> {
                    String real = check.account().name();
                    String lang = check.account().language();
                    // The account's name reserved around both ways in (in a cluster the answer may come later),
                    // so what they reserve themselves answers at once and the notice follows the outcome.
                    hub.reserving(u, key, real, u.name() == null, () -> {
                        boolean done = u.name() == null ? hub.admit(u, real, key, lang) : hub.signIn(u, real, key, lang);
                        if (done) {
                            u.post(Event.Notice.of("account.login", real));
                            log.info("{} signed in from {}", real, u.host());
                        }
                        return done;
                    });
                }
                case UNKNOWN -> {
                    logins.noteRegistered(key, false);
                    Hub.fail(u, "account.unknown", name);
                }
                case WRONG -> Hub.fail(u, "login.wrong", name);
                case THROTTLED -> Hub.fail(u, "login.throttled", name, seconds(check.waitMillis()));
            }
        });
    }

    /**
     * {@code /oper NAME PASSWORD} (IRC's OPER): this person acts as the administrator account {@code NAME}
     * without signing in to it, once its password checks out; until its last connection ends. Only an account
     * named with {@code --admin} is tried, so no other account's password can be guessed this way.
     */
    void oper(User u, String wanted, String password) {
        String key = Names.fold(Names.normalize(wanted));
        if (!hub.administers(key)) {
            Hub.fail(u, "oper.denied", wanted);
            return;
        }
        begin(u);
        after(u, logins.check(key, password, u.host()), check -> {
            switch (check.result()) {
                case OK -> {
                    u.person().operator(key);
                    u.post(Event.Notice.of("oper.granted", check.account().name()));
                    log.info("{} acts as the administrator {}, from {}", u.name(), check.account().name(), u.host());
                }
                case UNKNOWN -> Hub.fail(u, "oper.denied", wanted);
                case WRONG -> Hub.fail(u, "oper.wrong", wanted);
                case THROTTLED -> Hub.fail(u, "login.throttled", wanted, seconds(check.waitMillis()));
            }
        });
    }

    /**
     * {@code /logout}: signs this connection out and closes it; the account's other connections stay on.
     * {@code /logout all}: ends every web sign-in (session token) of the account, then closes every
     * connection of it, this one last: "sign out everywhere" must not leave a socket opened with a stolen
     * cookie talking as the account until it happens to close.
     */
    void logout(User u, String what) {
        String key = u.account();
        if (what != null && !what.equalsIgnoreCase("all")) {
            Hub.fail(u, "command.usage", ChatCommand.LOGOUT.usage());
            return;
        }
        if (key == null) {
            Hub.fail(u, "account.none");
            return;
        }
        if (what == null) {
            hub.expel(u, Event.Departure.QUIT, Event.Goodbye.of("account.logout"));
            return;
        }
        begin(u);
        after(u, signIns.revokeAll(key), ended -> {
            log.info("{} ended {} web sign-ins and signed out everywhere", u.name(), ended);
            closeOthers(u, key, Event.Goodbye.of("account.logout.all", ended));
            hub.expel(u, Event.Departure.QUIT, Event.Goodbye.of("account.logout.all", ended));
        });
    }

    void password(User u, String old, String replacement) {
        String key = u.account();
        if (key == null) {
            Hub.fail(u, "account.none");
            return;
        }
        if (replacement.codePointCount(0, replacement.length()) < Passwords.MIN_LENGTH) {
            Hub.fail(u, "password.short", Passwords.MIN_LENGTH);
            return;
        }
        begin(u);
        after(u, logins.check(key, old, u.host()).thenCompose(check -> check.result() != Logins.Result.OK
                ? CompletableFuture.completedFuture(check)
                : logins.submit(() -> {
                    logins.accounts().setHash(key, Passwords.hash(replacement), Scram.credentials(replacement));
                    // Whoever knew the old password may hold a web sign-in: a new password ends them all.
                    signIns.revokeAllNow(key);
                    return check;
                })), check -> {
                    if (answered(u, check)) {
                        // Whoever knew the old password may be on now: its other connections end too.
                        closeOthers(u, key, Event.Goodbye.of("account.password.elsewhere"));
                        u.post(Event.Notice.of("account.password"));
                    }
                });
    }

    void unregister(User u, String password) {
        String key = u.account();
        if (key == null) {
            Hub.fail(u, "account.none");
            return;
        }
        begin(u);
        after(u, logins.check(key, password, u.host()).thenCompose(check -> check.result() != Logins.Result.OK
                ? CompletableFuture.completedFuture(check)
                : logins.submit(() -> {
                    logins.accounts().delete(key);
                    signIns.revokeAllNow(key);
                    return check;
                })), check -> {
                    if (answered(u, check)) {
                        logins.noteRegistered(key, false);
                        hub.accountDeleted(key);
                        u.person().account(null);
                        u.person().post(new Event.SignedIn(null));
                        hub.accountChanged(u.person());
                        u.post(Event.Notice.of("account.unregistered", u.name()));
                        log.info("{} deleted their account", u.name());
                    }
                });
    }

    /**
     * Closes every connection of {@code u}'s person but {@code u} with {@code bye}, while the person is
     * still the account {@code key} (the last one to go takes the person out of its rooms).
     */
    private void closeOthers(User u, String key, Event.Goodbye bye) {
        Person p = u.person();
        if (p == null || !key.equals(p.account())) {
            return;
        }
        for (User c : p.connections()) {
            if (c != u) {
                hub.expel(c, Event.Departure.QUIT, bye);
            }
        }
    }

    /** Keeps the account's {@code /lang} choice for its next sign-in; input waits meanwhile, so choices keep their order. */
    void storeLanguage(User u, String key, String language) {
        begin(u);
        after(u, logins.submit(() -> logins.accounts().setLanguage(key, language)), stored -> {});
    }

    /** True for OK; otherwise says why not. */
    private static boolean answered(User u, Logins.Check check) {
        switch (check.result()) {
            case OK -> {
                return true;
            }
            case THROTTLED -> Hub.fail(u, "login.throttled", u.name(), seconds(check.waitMillis()));
            default -> Hub.fail(u, "password.wrong");
        }
        return false;
    }

    private static void begin(User u) {
        synchronized (u) {
            u.busy++;
        }
    }

    /**
     * Holds {@code u}'s further input until {@code work} answers, then runs {@code then} with the answer (a value,
     * or the failure) and replays the input: for the Hub's waits on the cluster, which keep lines in order as an
     * account operation does. {@code then} runs even when the connection closed meanwhile.
     */
    <T> void holdUntil(User u, java.util.concurrent.CompletionStage<T> work, java.util.function.BiConsumer<T, Throwable> then) {
        begin(u);
        work.whenComplete((value, error) -> {
            try {
                then.accept(value, error);
            } catch (RuntimeException e) {
                log.warn("cluster answer failed", e);
            } finally {
                release(u);
            }
        });
    }

    /** Runs {@code then} when {@code work} answers (or says it failed), then replays the input held meanwhile. */
    private <T> void after(User u, CompletableFuture<T> work, java.util.function.Consumer<T> then) {
        work.whenComplete((value, error) -> {
            try {
                if (u.isGone()) {
                    return;
                }
                if (error != null) {
                    Throwable cause = error.getCause() != null ? error.getCause() : error;
                    if (cause instanceof RejectedExecutionException) {
                        Hub.fail(u, "account.busy");
                    } else {
                        log.warn("account operation failed: {}", cause.toString());
                        Hub.fail(u, "account.unavailable");
                    }
                    synchronized (u) {
                        if (u.awaiting != null && u.name() == null) {
                            u.post(new Event.PasswordPrompt(u.awaiting));
                        }
                    }
                } else {
                    then.accept(value);
                }
            } catch (RuntimeException e) {
                log.warn("account operation failed", e);
            } finally {
                release(u);
            }
        });
    }

    /**
     * Holds {@code action} (a structured request: a web {@code say}, command or history read) while an account
     * operation is out, to run after the input before it; true when held. Otherwise the caller runs it now.
     */
    boolean holds(User u, Runnable action) {
        synchronized (u) {
            if (u.busy > 0) {
                u.hold(action);
                return true;
            }
            return false;
        }
    }

    /**
     * One operation answered. When it was the last one out, replays held input one by one; {@code busy} stays
     * above zero until none is left, so nothing overtakes it. Another still out (one started inside this one's
     * answer) replays when it answers.
     */
    private void release(User u) {
        synchronized (u) {
            if (u.busy > 1) {
                u.busy--;
                return;
            }
        }
        while (true) {
            synchronized (u) {
                Runnable next = u.nextHeld();
                if (next == null) {
                    u.busy = 0;
                    return;
                }
                // An operation held input starts keeps the rest waiting again: hand the rest back to it.
                List<Runnable> rest = u.takeHeld();
                u.busy = 0;
                next.run();
                u.holdAll(rest);
                if (u.busy > 0) {
                    return;
                }
                u.busy = 1;
            }
        }
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
