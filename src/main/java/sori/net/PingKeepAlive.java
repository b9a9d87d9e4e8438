package sori.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.function.Supplier;

/**
 * Liveness by ping for protocols that have one (WebSocket ping and pong): placed right after an
 * {@link IdleStateHandler} that reports reader idleness, both at the front of the pipeline. After {@link #IDLE_SECONDS} without a byte
 * from the peer it sends a ping; if another period passes without a byte (the pong, or anything
 * else), the peer is dead: {@link Limit#DEAD_PEER} trips and the connection closes. One per channel;
 * add both with {@link Guards#addPing}.
 */
public final class PingKeepAlive extends ChannelInboundHandlerAdapter {

    /** Silence before a ping, and again before giving up: a dead peer goes within two of these. */
    public static final int IDLE_SECONDS = 30;

    private final Supplier<Object> ping;
    private final int idleSeconds;
    private final LimitCounters counters;
    private boolean pinged;

    /**
     * @param ping        makes the ping message, written from the tail of the pipeline so the protocol's
     *                    encoder sees it (for WebSocket: {@code PingWebSocketFrame::new})
     * @param idleSeconds the reader-idle time of the {@link IdleStateHandler} before this handler
     */
    public PingKeepAlive(Supplier<Object> ping, int idleSeconds, LimitCounters counters) {
        this.ping = ping;
        this.idleSeconds = idleSeconds;
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        pinged = false;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof IdleStateEvent idle) || idle.state() != IdleState.READER_IDLE) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        if (!pinged) {
            pinged = true;
            ctx.channel().writeAndFlush(ping.get());
        } else {
            Tripped.fire(ctx, counters, Limit.DEAD_PEER, 2L * idleSeconds);
        }
    }
}
