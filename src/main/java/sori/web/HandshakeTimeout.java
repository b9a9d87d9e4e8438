package sori.web;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that does not send a complete request within the bound, counted from when it
 * opened or from its previous request: a socket that connects and says nothing, or dribbles a request
 * out byte by byte, holds nothing for long. Netty's own handshake timeout starts only once an upgrade
 * request has arrived, so it takes over from here when one does, and this handler leaves. One per channel.
 */
final class HandshakeTimeout extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(HandshakeTimeout.class);

    private final long millis;
    private final String upgradePath;
    private ScheduledFuture<?> timer;

    HandshakeTimeout(long millis, String upgradePath) {
        this.millis = millis;
        this.upgradePath = upgradePath;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest req) {
            if (upgradePath.equals(req.uri())) {
                ctx.pipeline().remove(this);
            } else {
                arm(ctx);
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        disarm();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        ctx.fireChannelInactive();
    }

    private void arm(ChannelHandlerContext ctx) {
        disarm();
        timer = ctx.executor().schedule(() -> {
            log.debug("{}: no complete request within {} ms, closing", ctx.channel().remoteAddress(), millis);
            ctx.channel().close();
        }, millis, TimeUnit.MILLISECONDS);
    }

    private void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
