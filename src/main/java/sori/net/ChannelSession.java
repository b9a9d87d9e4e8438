package sori.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import java.io.IOException;
import org.slf4j.Logger;
import sori.chat.Event;
import sori.chat.Hub;
import sori.chat.Mailbox;
import sori.chat.Session;
import sori.chat.User;

/**
 * A connection as the Hub sees it, for transports on a Netty channel. Its state other than the
 * channel is touched only on the channel's event loop: by the protocol handler and by the loop's
 * {@link Outbox}.
 *
 * <p>The one place a connection leaves the Hub: {@link #connect} ties the user to the channel's
 * close future, which completes once for every channel whatever closed it (the peer, a reset, a
 * timeout, a limit, an exception in any handler, TLS or the upgrade failing). Pipeline events such as
 * {@code channelInactive} are not relied on: a handler that throws while handling one stops it from
 * reaching the handlers after it, and that left users behind as ghosts.
 */
public abstract class ChannelSession implements Session {

    private final Channel channel;
    private final Mailbox mailbox;
    /** Where the {@link Outbox} writes finished bytes and flushes: the channel, or a context nearer the wire. */
    private ChannelOutboundInvoker wire;
    private User user;
    private boolean open = true;
    /** The drain pass that last wrote to this session, so it is flushed once per pass. */
    long dirtyPass;
    /** {@link Outbox}: over the output limit after a flush and looked at each turn until under it. */
    boolean judging;
    /** {@link Outbox}: unsent bytes at the last look, and bytes written to this session since. */
    long unsentAtJudge;
    long unsentAdded;
    private Event.Departure closedBy;
    /** Reading is paused for the store (loop only), and what was read meanwhile, in order. */
    private boolean paused;
    /** Made at a pause and dropped once replayed: most connections are never paused. */
    private java.util.ArrayDeque<Runnable> heldInput;
    private String closeReason;

    protected ChannelSession(Channel channel, Mailbox mailbox) {
        this.channel = channel;
        this.mailbox = mailbox;
        this.wire = channel;
    }

    /**
     * From now on the {@link Outbox} writes buffers (bytes already in the protocol's wire form) from
     * {@code ctx}, and flushes from there: they pass only the handlers between it and the socket, such as
     * TLS. Every outbound handler on the tail side of {@code ctx} must leave buffers as they are and hold
     * nothing back; other messages (a frame object to encode) still start at the tail. On the loop only.
     * A fan-out writes the same bytes to every member, so each handler skipped is a cost saved per
     * delivery.
     */
    public final void writeBytesFrom(ChannelHandlerContext ctx) {
        wire = ctx;
    }

    /** Where the {@link Outbox} writes buffers and flushes (see {@link #writeBytesFrom}). */
    final ChannelOutboundInvoker wire() {
        return wire;
    }

    public final Channel channel() {
        return channel;
    }

    @Override
    public final Mailbox mailbox() {
        return mailbox;
    }

    @Override
    public final String remote() {
        return Addresses.remote(channel);
    }

    /**
     * Joins the Hub: from now on events reach this session, until the channel closes, when the user
     * leaves the Hub exactly once. A channel already closed leaves at once.
     */
    public final User connect(Hub hub) {
        return connect(hub, null);
    }

    /**
     * As {@link #connect(Hub)}, signed in to {@code account} at once when it is not null (a web session
     * token): no name prompt, the account's name and first room straight away ({@link Hub#signIn}).
     */
    public final User connect(Hub hub, sori.chat.Accounts.Account account) {
        if (user != null) {
            throw new IllegalStateException("connected twice: " + this);
        }
        user = account == null ? hub.connect(this) : hub.signIn(this, account);
        channel.closeFuture().addListener(f -> ended(hub));
        return user;
    }

    /** The Hub's handle for this connection, or null before {@link #connect}. */
    public final User user() {
        return user;
    }

    /** True once the user has chosen a name (the register timeout asks this). */
    public final boolean named() {
        return user != null && user.name() != null;
    }

    /** False once last words were written or the channel closed: nothing more is written. */
    public final boolean isOpen() {
        return open;
    }

    /**
     * Nothing more is written: last words went out, or the protocol is closing (a close frame is on its
     * way, and nothing may follow it). On the loop only.
     */
    public final void closeOutput() {
        open = false;
    }

    /** The server ends this connection for {@code why}; the leave notice will say so. */
    public final void closedBy(Event.Departure why, String reason) {
        if (closedBy == null) {
            closedBy = why;
            closeReason = reason;
        }
    }

    /**
     * A limit tripped: the Hub tells the user why (last words, then the transport closes) and the
     * rooms. Without a user yet there is nobody to tell, and the channel just closes.
     */
    public final void expel(Hub hub, Tripped t) {
        if (user == null) {
            channel.close();
            return;
        }
        Event.Departure why = t.limit() == Limit.FLOOD ? Event.Departure.FLOOD : Event.Departure.TIMEOUT;
        closedBy(why, null);
        hub.expel(user, why, Event.Goodbye.of(t.limit().textKey(), t.value()));
    }

    /**
     * Runs what the peer sent ({@code work}: a line, a frame), or keeps it for later while reading is
     * paused, so a pause takes effect at the very next input, not after the rest of the buffer already
     * read. Kept input is at most one read's worth: nothing more is read while paused. On the loop only.
     */
    public final void input(Runnable work) {
        if (paused || heldInput != null) {
            if (heldInput == null) {
                heldInput = new java.util.ArrayDeque<>();
            }
            heldInput.add(work);
        } else {
            work.run();
        }
    }

    /**
     * The store is behind: stop reading this peer until it catches up. TCP's own flow control then slows
     * the sender, and nothing it sent is dropped. Called on the loop, as the Hub handles this peer's input.
     */
    @Override
    public final boolean pauseReading() {
        if (paused || !channel.isActive() || !channel.eventLoop().inEventLoop()) {
            return false;
        }
        paused = true;
        channel.config().setAutoRead(false);
        return true;
    }

    @Override
    public final void resumeReading() {
        channel.eventLoop().execute(() -> {
            paused = false;
            Runnable work;
            while (!paused && heldInput != null && (work = heldInput.poll()) != null) {
                work.run();
            }
            if (heldInput != null && heldInput.isEmpty()) {
                heldInput = null;
            }
            if (!paused && channel.isActive() && open) {
                channel.config().setAutoRead(true);
            }
        });
    }

    /** The channel closed: leave the Hub once, saying why (the peer left, unless the server said otherwise). */
    private void ended(Hub hub) {
        open = false;
        if (user != null) {
            hub.disconnect(user, closedBy == null ? Event.Departure.DISCONNECTED : closedBy, closeReason);
        }
    }

    @Override
    public String toString() {
        return user == null ? remote() : user.toString();
    }

    /**
     * What a chat transport's handler does with an exception from its channel ({@code session} null
     * before the connection became one), then closes it: unanswered keepalives trip the dead-peer
     * limit and leave as a timeout; other I/O errors (resets, broken pipes) are how peers leave and are
     * logged at debug; anything else is a bug, logged as a warning.
     */
    public static void caught(ChannelHandlerContext ctx, Throwable cause, LimitCounters counters,
            ChannelSession session, Logger log) {
        if (cause instanceof IOException && "connection timed out".equals(SocketErrors.reason(cause))) {
            counters.trip(ctx.channel(), Limit.DEAD_PEER, KeepAlive.DEAD_AFTER_SECONDS);
            if (session != null) {
                session.closedBy(Event.Departure.TIMEOUT, null);
            }
        } else if (cause instanceof IOException) {
            // The session leaves the Hub when the channel closes.
            log.debug("{}: {}", Addresses.remote(ctx.channel()), cause.toString());
        } else {
            log.warn("{}: closing after unexpected error", Addresses.remote(ctx.channel()), cause);
        }
        ctx.close();
    }
}
