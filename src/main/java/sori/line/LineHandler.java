package sori.line;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sori.chat.Event;
import sori.chat.Hub;

/** Turns a connection's lines into Hub calls. Everything it says back goes through the Hub's events. */
final class LineHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(LineHandler.class);

    private final Hub hub;
    private final LineMailbox mailbox;
    private LineSession session;

    LineHandler(Hub hub, LineMailbox mailbox) {
        this.hub = hub;
        this.mailbox = mailbox;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session = new LineSession(ctx.channel(), mailbox);
        session.user = hub.connect(session);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (session == null || session.user == null) {
            return;
        }
        if (msg instanceof String line) {
            hub.input(session.user, line);
        } else if (msg == LineFramer.TOO_LONG) {
            hub.tooLong(session.user);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null && session.user != null) {
            session.open = false;
            Event.Departure why = session.closedBy == null ? Event.Departure.DISCONNECTED : session.closedBy;
            hub.disconnect(session.user, why, session.closeReason);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            // Resets and broken pipes are how peers leave; channelInactive does the rest.
            log.debug("{}: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("{}: closing after unexpected error", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
