package sori.web;

import io.netty.channel.Channel;
import sori.chat.Event;
import sori.chat.Mailbox;
import sori.chat.Session;
import sori.chat.User;

/**
 * A WebSocket connection as the Hub sees it, from the end of its handshake. Its fields other than the
 * channel are touched only on the channel's event loop (by the handler and by the loop's mailbox).
 */
final class WebSession implements Session {

    final Channel channel;
    private final WebMailbox mailbox;
    User user;
    /** False once a goodbye was written or the channel closed: nothing more is written. */
    boolean open = true;
    /** The drain pass that last wrote to this session, so it is flushed once per pass. */
    long dirtyPass;
    /** Why the server closed the connection, for the leave notice; null when the peer went away. */
    Event.Departure closedBy;
    String closeReason;

    WebSession(Channel channel, WebMailbox mailbox) {
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
        return "web";
    }
}
