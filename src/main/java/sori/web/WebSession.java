package sori.web;

import io.netty.channel.Channel;
import sori.net.ChannelSession;

/** A WebSocket connection as the Hub sees it, from the end of its handshake. */
final class WebSession extends ChannelSession {

    WebSession(Channel channel, WebMailbox mailbox) {
        super(channel, mailbox);
    }

    @Override
    public String kind() {
        return "web";
    }
}
