package sori.chat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SASL (RFC 4422) against the chat's accounts, whatever carries it (IRC's {@code AUTHENTICATE}): the
 * mechanisms PLAIN (RFC 4616: the password is checked as {@code /login} checks it, Argon2id on {@link Logins}'
 * threads, throttled) and SCRAM-SHA-256 ({@link Scram}: the account's stored credentials, read on those
 * threads, the proof checked and counted by the same throttle). An exchange takes the client's responses,
 * already decoded, and answers each later with a {@link Step}. Nothing here knows a transport.
 */
public final class Sasl {

    private static final Logger log = LoggerFactory.getLogger(Sasl.class);

    /** What the server offers, in the order offered. */
    public static final List<String> MECHANISMS = List.of("PLAIN", Scram.MECHANISM);

    /** What one response came to. */
    public enum Kind {
        /** Send {@link Step#challenge} and wait for the next response. */
        CONTINUE,
        /** Signed in to {@link Step#account}. */
        SUCCESS,
        /** Wrong credentials, an unknown account, a malformed response, or none to check against. */
        FAILED,
        /** Too many failures from the account or the address: try again in {@link Step#waitMillis}. */
        THROTTLED,
        /** The sign-in threads are full, or the store failed: try again later. */
        UNAVAILABLE
    }

    /** One answer: a challenge to send, or how the exchange ended. {@link #toString} shows no secrets. */
    public record Step(Kind kind, byte[] challenge, Accounts.Account account, long waitMillis) {
        static Step of(Kind kind) {
            return new Step(kind, null, null, 0);
        }

        static Step challenge(String text) {
            return new Step(Kind.CONTINUE, text.getBytes(StandardCharsets.UTF_8), null, 0);
        }

        @Override
        public String toString() {
            return "Step[" + kind + (account == null ? "" : " " + account) + "]";
        }
    }

    private final Logins logins;

    Sasl(Logins logins) {
        this.logins = logins;
    }

    /** An exchange for {@code mechanism} (case as sent, compared ignoring case) from {@code address}; null when not offered. */
    public Exchange start(String mechanism, String address) {
        if (mechanism.equalsIgnoreCase("PLAIN")) {
            return new Plain(address);
        }
        if (mechanism.equalsIgnoreCase(Scram.MECHANISM)) {
            return new ScramExchange(address);
        }
        return null;
    }

    /** One authentication: responses in, steps out, one at a time (the next response only after the last step). */
    public abstract static sealed class Exchange permits Plain, ScramExchange {
        protected final String address;

        Exchange(String address) {
            this.address = address;
        }

        /** The client's next response, decoded ({@code AUTHENTICATE +}: empty). */
        public abstract CompletableFuture<Step> respond(byte[] response);
    }

    private final class Plain extends Exchange {
        Plain(String address) {
            super(address);
        }

        @Override
        public CompletableFuture<Step> respond(byte[] response) {
            // [authzid] NUL authcid NUL passwd, in UTF-8
            String[] parts = new String(response, StandardCharsets.UTF_8).split("\0", -1);
            if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
                return done(Kind.FAILED);
            }
            String name = Names.normalize(parts[1]);
            if (Names.problem(name) != null) {
                return done(Kind.FAILED);
            }
            String key = Names.fold(name);
            if (!parts[0].isEmpty() && !Names.fold(Names.normalize(parts[0])).equals(key)) {
                return done(Kind.FAILED); // acting as someone else: no account may
            }
            return guarded(logins.check(key, parts[2], address).thenApply(check -> switch (check.result()) {
                case OK -> new Step(Kind.SUCCESS, null, check.account(), 0);
                case WRONG -> Step.of(Kind.FAILED);
                case UNKNOWN -> {
                    logins.noteRegistered(key, false);
                    yield Step.of(Kind.FAILED);
                }
                case THROTTLED -> new Step(Kind.THROTTLED, null, null, check.waitMillis());
            }));
        }
    }

    private final class ScramExchange extends Exchange {
        private Scram.Exchange exchange;
        private Accounts.Account account;
        private boolean verified;

        ScramExchange(String address) {
            super(address);
        }

        @Override
        public CompletableFuture<Step> respond(byte[] response) {
            String text = new String(response, StandardCharsets.UTF_8);
            if (verified) {
                // The client read our signature and has nothing more to say: done.
                return CompletableFuture.completedFuture(response.length == 0
                        ? new Step(Kind.SUCCESS, null, account, 0) : Step.of(Kind.FAILED));
            }
            if (exchange != null) {
                String last = exchange.finish(text);
                logins.answered(account.key(), account.name(), address, last != null);
                if (last == null) {
                    return done(Kind.FAILED);
                }
                verified = true;
                return CompletableFuture.completedFuture(Step.challenge(last));
            }
            Scram.ClientFirst first = Scram.ClientFirst.parse(text);
            if (first == null) {
                return done(Kind.FAILED);
            }
            String name = Names.normalize(first.user());
            if (Names.problem(name) != null) {
                return done(Kind.FAILED);
            }
            String key = Names.fold(name);
            if (first.authzid() != null && !Names.fold(Names.normalize(first.authzid())).equals(key)) {
                return done(Kind.FAILED);
            }
            return guarded(logins.lookup(key, address).thenApply(check -> {
                switch (check.result()) {
                    case THROTTLED -> {
                        return new Step(Kind.THROTTLED, null, null, check.waitMillis());
                    }
                    case OK -> {
                        Scram.Credentials c = Scram.Credentials.parse(check.account().scram());
                        if (c == null) {
                            return Step.of(Kind.FAILED); // none yet: the next password sign-in makes them
                        }
                        account = check.account();
                        exchange = new Scram.Exchange(first, c);
                        return Step.challenge(exchange.serverFirst());
                    }
                    default -> {
                        return Step.of(Kind.FAILED);
                    }
                }
            }));
        }
    }

    private static CompletableFuture<Step> done(Kind kind) {
        return CompletableFuture.completedFuture(Step.of(kind));
    }

    /** A full pool or a failing store as UNAVAILABLE, never as an exception. */
    private static CompletableFuture<Step> guarded(CompletableFuture<Step> work) {
        return work.exceptionally(e -> {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (!(cause instanceof RejectedExecutionException)) {
                log.warn("SASL sign-in failed: {}", cause.toString());
            }
            return Step.of(Kind.UNAVAILABLE);
        });
    }
}
