package sori.line;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sori.chat.Event;
import sori.chat.Hub;
import sori.chat.User;
import sori.net.ChannelSession;
import sori.net.LimitCounters;
import sori.net.Tripped;

/** Turns a connection's lines into Hub calls. Everything it says back goes through the Hub's events. */
final class LineHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(LineHandler.class);

    private final Hub hub;
    private final LineMailbox mailbox;
    private final LimitCounters counters;
    private final LongAdder received;
    private LineSession session;

    LineHandler(Hub hub, LineMailbox mailbox, LimitCounters counters) {
        this.hub = hub;
        this.mailbox = mailbox;
        this.counters = counters;
        this.received = counters.traffic().received("tcp");
    }

    /** True once the user has chosen a name (asked by the register timeout, on the channel's loop). */
    boolean named() {
        return session != null && session.named();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session = new LineSession(ctx.channel(), mailbox);
        session.connect(hub);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (session == null || session.user() == null) {
            return;
        }
        User u = session.user();
        if (msg instanceof String line) {
            session.input(() -> {
                received.increment();
                hub.input(u, line);
            });
        } else if (msg == LineFramer.TOO_LONG) {
            session.input(() -> hub.tooLong(u));
        }
    }

    /** A limit tripped: the Hub says why to the user (last words, then close) and to the rooms. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent && session != null && session.user() != null) {
            // The peer sent all it will (its last partial line came just before this). A FIN looks the
            // same whether the peer closed or only stopped sending (a pipe into nc), so the room hears
            // "connection lost" as before, while the replies already queued and a goodbye still reach
            // a peer that reads on; the connection closes once they are out.
            hub.expel(session.user(), Event.Departure.DISCONNECTED, Event.Goodbye.of("bye"));
            return;
        }
        if (!(evt instanceof Tripped t)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        if (session == null) {
            ctx.close();
        } else {
            session.expel(hub, t);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ChannelSession.caught(ctx, cause, counters, session, log);
    }
}
