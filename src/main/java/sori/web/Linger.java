package sori.web;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closing after last words to a client that may still be sending: close at once with its input unread
 * and the kernel answers with a reset, which can throw away the last words before the client reads
 * them. So the output is half-closed (after TLS's close_notify), input keeps being read (the caller
 * discards it), and the channel closes when the client closes its side or after {@code millis}.
 * A transport without half-close (an {@code EmbeddedChannel}) closes at once.
 */
final class Linger {

    /** Longest wait for the client to close its side; the handshake timeout, if shorter, bounds it too. */
    static final long MAX_MILLIS = 1000;

    private Linger() {}

    /** Set on a channel while it lingers. */
    private static final AttributeKey<Boolean> LINGERING = AttributeKey.valueOf(Linger.class, "lingering");

    /**
     * Half-closes {@code ctx}'s channel now and completes {@code promise} once it is fully closed. A
     * second close while it lingers (a listener closing after its write, say) waits for the same end:
     * closing at once then would reset the client's unread frames, which lingering is there to avoid.
     */
    static void close(ChannelHandlerContext ctx, ChannelPromise promise, long millis) {
        Channel ch = ctx.channel();
        if (ch.isActive() && ch.hasAttr(LINGERING)) {
            ch.closeFuture().addListener(f -> promise.trySuccess());
            return;
        }
        if (!(ch instanceof DuplexChannel duplex) || !ch.isActive() || duplex.isOutputShutdown()) {
            ctx.close(promise);
            return;
        }
        ch.attr(LINGERING).set(Boolean.TRUE);
        ScheduledFuture<?> deadline = ctx.executor().schedule(() -> {
            ctx.close(promise);
        }, Math.max(1, Math.min(millis, MAX_MILLIS)), TimeUnit.MILLISECONDS);
        ch.closeFuture().addListener(f -> {
            deadline.cancel(false);
            promise.trySuccess();
        });
        SslHandler ssl = ch.pipeline().get(SslHandler.class);
        Future<?> notified = ssl != null ? ssl.closeOutbound() : ch.newSucceededFuture();
        notified.addListener(f -> {
            if (ch.isActive()) {
                duplex.shutdownOutput();
            }
        });
        // Keep reading (what arrives is dropped by the caller) so the client's own close is seen.
        ch.config().setAutoRead(true);
        ch.read();
    }
}
