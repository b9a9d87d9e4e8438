package sori.line;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import sori.chat.Event;
import sori.chat.Mailbox;
import sori.chat.Session;
import sori.chat.User;

/**
 * A plain-text connection as the Hub sees it. Its fields other than the channel are touched only on
 * the channel's event loop (by the handler and by the loop's mailbox).
 */
final class LineSession implements Session {

    final Channel channel;
    private final LineMailbox mailbox;
    User user;
    /** False once a goodbye was written or the channel closed: nothing more is written. */
    boolean open = true;
    /** The drain pass that last wrote to this session, so it is flushed once per pass. */
    long dirtyPass;
    /** Why the server closed the connection, for the leave notice; null when the peer went away. */
    Event.Departure closedBy;
    String closeReason;
    String viewRoom;

    LineSession(Channel channel, LineMailbox mailbox) {
        this.channel = channel;
        this.mailbox = mailbox;
    }

    @Override
    public Mailbox mailbox() {
        return mailbox;
    }

    @Override
    public String remote() {
        return String.valueOf(channel.remoteAddress());
    }

    @Override
    public String kind() {
        return channel.pipeline().get(SslHandler.class) != null ? "tcp+tls" : "tcp";
    }

    /**
     * The member's current room as of the events delivered so far (tracked from {@link Event.Switched}
     * in delivery order, not read live), so each event is shown as it was when it happened.
     */
    String currentRoom() {
        return viewRoom;
    }
}
