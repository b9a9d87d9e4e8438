package sori.net;

import io.netty.channel.Channel;
import sori.chat.Event;
import sori.chat.Hub;
import sori.chat.Mailbox;
import sori.chat.Session;
import sori.chat.User;

/**
 * A connection as the Hub sees it, for transports on a Netty channel. Its state other than the
 * channel is touched only on the channel's event loop: by the protocol handler and by the loop's
 * {@link Outbox}.
 */
public abstract class ChannelSession implements Session {

    private final Channel channel;
    private final Mailbox mailbox;
    private User user;
    private boolean open = true;
    /** The drain pass that last wrote to this session, so it is flushed once per pass. */
    long dirtyPass;
    private Event.Departure closedBy;
    private String closeReason;

    protected ChannelSession(Channel channel, Mailbox mailbox) {
        this.channel = channel;
        this.mailbox = mailbox;
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

    /** Joins the Hub: from now on events reach this session. */
    public final User connect(Hub hub) {
        user = hub.connect(this);
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

    final void closeOutput() {
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
     * The store is behind: stop reading this peer until it catches up. TCP's own flow control then slows
     * the sender, and nothing it sent is dropped. Any thread may call; the change happens on the loop.
     */
    @Override
    public final boolean pauseReading() {
        if (!channel.isActive()) {
            return false;
        }
        channel.eventLoop().execute(() -> channel.config().setAutoRead(false));
        return true;
    }

    @Override
    public final void resumeReading() {
        channel.eventLoop().execute(() -> {
            if (channel.isActive() && open) {
                channel.config().setAutoRead(true);
            }
        });
    }

    /** The channel closed: leave the Hub once, saying why (the peer left, unless the server said otherwise). */
    public final void ended(Hub hub) {
        open = false;
        if (user != null) {
            hub.disconnect(user, closedBy == null ? Event.Departure.DISCONNECTED : closedBy, closeReason);
        }
    }

    @Override
    public String toString() {
        return user == null ? remote() : user.toString();
    }
}
