package sori.line;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import sori.chat.Event;
import sori.net.ChannelSession;

/** A plain-text connection as the Hub sees it. */
final class LineSession extends ChannelSession {

    /**
     * The member's current room as of the events delivered so far (tracked from {@link Event.Switched}
     * in delivery order, not read live), so each event is shown as it was when it happened.
     */
    String viewRoom;

    LineSession(Channel channel, LineMailbox mailbox) {
        super(channel, mailbox);
    }

    @Override
    public String kind() {
        return channel().pipeline().get(SslHandler.class) != null ? "tcp+tls" : "tcp";
    }
}
