package sori.irc;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import sori.chat.Accounts;
import sori.chat.Hub;
import sori.chat.Sasl;

/**
 * IRCv3 SASL 3.1/3.2 for one connection: {@code AUTHENTICATE} framing (base64 in chunks of 400 bytes, a
 * short or {@code +} chunk ending a response, {@code *} aborting) around {@link Sasl}'s exchanges, and the
 * numerics 900, 903 to 908. Before registration a success is kept for the handler, which then registers the
 * connection signed in ({@link Hub#admitSignedIn}); after it, a guest signs in keeping its nick
 * ({@link Hub#signInKeepingName}). A connection already signed in is refused with 907. Runs on the
 * connection's event loop; the exchange's answers come back to it.
 */
final class IrcSasl {

    /** Bytes of base64 per {@code AUTHENTICATE} line, both ways. */
    static final int CHUNK = 400;
    /** A response longer than this (base64) is refused: a client must not make the server keep its junk. */
    static final int MAX_RESPONSE = 8 * CHUNK;

    private final IrcSession session;
    private final IrcMailbox mailbox;
    private final IrcCodec codec;
    private final Hub hub;
    /** The nick given so far (NICK before registration), or null. */
    private final java.util.function.Supplier<String> nick;
    /** What the handler does after an answer came (registration may have waited for it). */
    private final Runnable answered;

    private Sasl.Exchange exchange;
    /** The response so far; made by its first chunk, as most connections never use SASL. */
    private StringBuilder response;
    /** A response is with the exchange (a password being checked): registration waits. */
    private boolean waiting;
    /** The account signed in to before registration, for the handler; null when none. */
    private Accounts.Account account;

    IrcSasl(IrcSession session, IrcMailbox mailbox, IrcCodec codec, Hub hub,
            java.util.function.Supplier<String> nick, Runnable answered) {
        this.session = session;
        this.mailbox = mailbox;
        this.nick = nick;
        this.codec = codec;
        this.hub = hub;
        this.answered = answered;
    }

    /** The CAP LS 302 value: the mechanisms offered. */
    static String mechanisms() {
        return String.join(",", Sasl.MECHANISMS);
    }

    /** True while an answer is out: registration waits for it. */
    boolean busy() {
        return waiting;
    }

    /** The account signed in to before registration, or null. */
    Accounts.Account account() {
        return account;
    }

    /** Registration is completing (CAP END with NICK and USER): an exchange not waiting for an answer ends, with 906. */
    void registering() {
        if (exchange != null && !waiting) {
            reset();
            reply(codec.numeric("906", session.target(), "SASL authentication aborted"));
        }
    }

    void authenticate(IrcMessage m, boolean registered) {
        String arg = m.param(0);
        if (arg == null || arg.isEmpty()) {
            reply(codec.numeric("461", session.target(), "AUTHENTICATE", "Not enough parameters"));
            return;
        }
        if (!session.has("sasl")) {
            reply(codec.numeric("904", session.target(), "SASL authentication failed: request the sasl capability first"));
            return;
        }
        if (arg.equals("*")) {
            boolean was = exchange != null;
            reset();
            reply(codec.numeric(was ? "906" : "904", session.target(), was ? "SASL authentication aborted"
                    : "SASL authentication failed: nothing to abort"));
            return;
        }
        if (exchange == null) {
            start(arg, registered);
            return;
        }
        if (waiting) {
            // Only an abort may come while an answer is out; anything else ends the exchange.
            reset();
            reply(codec.numeric("904", session.target(), "SASL authentication failed"));
            return;
        }
        if (arg.length() > CHUNK) {
            reset();
            reply(codec.numeric("905", session.target(), "SASL message too long"));
            return;
        }
        if (!arg.equals("+")) {
            if (response == null) {
                response = new StringBuilder();
            }
            response.append(arg);
            if (response.length() > MAX_RESPONSE) {
                reset();
                reply(codec.numeric("904", session.target(), "SASL authentication failed: response too long"));
                return;
            }
            if (arg.length() == CHUNK) {
                return; // more to come, or a + to end it
            }
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(response == null ? "" : response.toString());
        } catch (IllegalArgumentException e) {
            reset();
            reply(codec.numeric("904", session.target(), "SASL authentication failed: not base64"));
            return;
        }
        response = null;
        waiting = true;
        Sasl.Exchange current = exchange;
        current.respond(decoded).whenComplete((step, error) -> session.channel().eventLoop().execute(() -> {
            if (exchange != current || !session.channel().isActive()) {
                return; // aborted meanwhile
            }
            waiting = false;
            step(error != null ? null : step, registered);
            answered.run();
        }));
    }

    private void start(String mechanism, boolean registered) {
        if (session.user().account() != null || account != null) {
            reply(codec.numeric("907", session.target(), "You have already authenticated using SASL"));
            return;
        }
        Sasl.Exchange e = hub.sasl().start(mechanism, host());
        if (e == null) {
            reply(codec.numeric("908", session.target(), mechanisms(), "are available SASL mechanisms"),
                    codec.numeric("904", session.target(), "SASL authentication failed"));
            return;
        }
        exchange = e;
        response = null;
        reply(IrcMessage.of(null, "AUTHENTICATE", "+"));
    }

    private void step(Sasl.Step step, boolean registered) {
        Sasl.Kind kind = step == null ? Sasl.Kind.UNAVAILABLE : step.kind();
        String t = session.target();
        switch (kind) {
            case CONTINUE -> reply(challenge(step.challenge()));
            case SUCCESS -> {
                reset();
                Accounts.Account a = step.account();
                if (registered || session.user().name() != null) {
                    // Signs in keeping the nick; the Hub's SignedIn comes as 900 before this 903.
                    if (hub.signInKeepingName(session.user(), a)) {
                        reply(codec.numeric("903", session.target(), "SASL authentication successful"));
                    } else {
                        reply(codec.numeric("904", session.target(), "SASL authentication failed"));
                    }
                    return;
                }
                account = a;
                session.saslAccount = a.name();
                String given = nick.get() == null ? "*" : nick.get();
                reply(codec.numeric("900", t, IrcCodec.mask(given), a.name(), "You are now logged in as " + a.name()),
                        codec.numeric("903", t, "SASL authentication successful"));
            }
            case THROTTLED -> {
                reset();
                long s = Math.max(1, (step.waitMillis() + 999) / 1000);
                reply(codec.numeric("904", t, "SASL authentication failed: too many tries, wait " + s + " s"));
            }
            case UNAVAILABLE -> {
                reset();
                reply(codec.numeric("904", t, "SASL authentication failed: try again later"));
            }
            case FAILED -> {
                reset();
                reply(codec.numeric("904", t, "SASL authentication failed"));
            }
        }
    }

    /** {@code data} as AUTHENTICATE lines: base64 in chunks of 400, with a {@code +} after a full last chunk. */
    static List<IrcMessage> challenge(byte[] data) {
        String b64 = Base64.getEncoder().encodeToString(data);
        List<IrcMessage> out = new ArrayList<>();
        for (int i = 0; i < b64.length(); i += CHUNK) {
            out.add(IrcMessage.of(null, "AUTHENTICATE", b64.substring(i, Math.min(b64.length(), i + CHUNK))));
        }
        if (b64.length() % CHUNK == 0) {
            out.add(IrcMessage.of(null, "AUTHENTICATE", "+"));
        }
        return out;
    }

    private void reset() {
        exchange = null;
        waiting = false;
        response = null;
    }

    private String host() {
        String r = session.remote();
        int colon = r == null ? -1 : r.lastIndexOf(':');
        return colon > 0 ? r.substring(0, colon) : String.valueOf(r);
    }

    private void reply(IrcMessage... lines) {
        mailbox.reply(session, lines);
    }

    private void reply(List<IrcMessage> lines) {
        mailbox.reply(session, lines, null);
    }

}
