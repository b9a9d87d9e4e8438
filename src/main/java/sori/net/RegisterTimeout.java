package sori.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Closes a connection that has not chosen a name some seconds after it opened ({@link Limit#REGISTER_TIMEOUT}),
 * so idle scans and half-open clients do not hold connections forever. Whether the user has a name is
 * asked of the protocol handler through {@code named}, on the channel's loop: after each message or
 * event that passes on to it, and when the time is up. Once named, it leaves the pipeline at once with
 * its timer, rather than at the deadline, so an idle named connection keeps neither. One per channel.
 */
public final class RegisterTimeout extends ChannelInboundHandlerAdapter {

    private final long seconds;
    private final BooleanSupplier named;
    private final LimitCounters counters;
    private ScheduledFuture<?> check;

    public RegisterTimeout(long seconds, BooleanSupplier named, LimitCounters counters) {
        if (seconds < 1) {
            throw new IllegalArgumentException("register timeout must be at least 1 s, not " + seconds);
        }
        this.seconds = seconds;
        this.named = named;
        this.counters = counters;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.fireChannelRead(msg);
        stepAsideIfNamed(ctx);
    }

    /** Events name a user too: a web session token is taken when the WebSocket handshake completes. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        ctx.fireUserEventTriggered(evt);
        stepAsideIfNamed(ctx);
    }

    /**
     * The name usually comes with the first lines, answered while they are handled; a name that comes
     * later (an account's answer) is seen at the next message, or at the deadline.
     */
    private void stepAsideIfNamed(ChannelHandlerContext ctx) {
        if (!ctx.isRemoved() && named.getAsBoolean()) {
            ctx.pipeline().remove(this);
        }
    }

    private void start(ChannelHandlerContext ctx) {
        if (check == null) {
            check = ctx.executor().schedule(() -> expire(ctx), seconds, TimeUnit.SECONDS);
        }
    }

    private void expire(ChannelHandlerContext ctx) {
        if (ctx.isRemoved() || !ctx.channel().isActive()) {
            return;
        }
        if (named.getAsBoolean()) {
            ctx.pipeline().remove(this); // done: nothing to watch for the rest of the connection
        } else {
            Tripped.fire(ctx, counters, Limit.REGISTER_TIMEOUT, seconds);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void cancel() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }
}
