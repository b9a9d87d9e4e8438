package sori.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The user event a limit handler fires toward the protocol handler when a connection tripped a limit:
 * the protocol handler tells the user why in its own wire format and closes. If nobody does within
 * {@link #GRACE_MILLIS} (no protocol handler, or a peer that reads nothing), the connection is closed anyway.
 *
 * @param limit which limit
 * @param value the limit's value, for the text ({@code {0}}): bytes, connections or seconds
 */
public record Tripped(Limit limit, long value) {

    /** How long the goodbye may take before the connection is closed without one. */
    public static final long GRACE_MILLIS = 2000;

    /** Counts, logs, stops reading and fires the event from {@code ctx} toward the protocol handler. */
    static void fire(ChannelHandlerContext ctx, LimitCounters counters, Limit limit, long value) {
        Channel ch = ctx.channel();
        counters.trip(ch, limit, value);
        ch.config().setAutoRead(false);
        ScheduledFuture<?> fallback = ctx.executor().schedule(() -> ch.close(), GRACE_MILLIS, TimeUnit.MILLISECONDS);
        ch.closeFuture().addListener(f -> fallback.cancel(false));
        ctx.fireUserEventTriggered(new Tripped(limit, value));
    }
}
