package sori.web;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.CodecException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sori.net.LimitCounters;

/**
 * The WebSocket's one answer to a client that breaks RFC 6455 or RFC 7692: a close frame with the
 * code the RFCs name, then the connection closes, and one debug line. Netty's frame decoder, the
 * permessage-deflate inflater and the UTF-8 validator sit before this handler and only throw; this
 * turns what they throw into the close code, so a bad frame never costs a stack trace: one debug line
 * and one count ({@link LimitCounters#protocolError}) instead.
 *
 * <ul>
 *   <li>a frame with a reserved bit no negotiated extension defines (RSV2, RSV3, or RSV1 without
 *       permessage-deflate): 1002;
 *   <li>a framing error, a bad close code or close payload: 1002 (Netty's decoder names it);
 *   <li>invalid UTF-8 in a text message or a close reason: 1007;
 *   <li>compressed data that does not inflate: 1007; a frame that inflates past the limit: 1009.
 * </ul>
 *
 * <p>After the close frame, frames still arriving are dropped. An inflater that failed is taken out
 * of the pipeline at once, so its broken stream cannot throw again when the channel closes.
 *
 * <p>Once a close frame went out for a client's error, or in answer to the client's close, the close
 * that follows it does not reset a client still sending: see {@link Linger}. The client reads the
 * close frame, then the end of the stream.
 */
final class FrameGuard extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(FrameGuard.class);
    /** How Netty's zlib decoder says a frame inflated past its allocation bound (the frame limit). */
    private static final String INFLATED_TOO_BIG = "maximum size";

    /**
     * Told to the handlers after this one when a close frame is about to go out that is not the
     * session's own goodbye: for the client's error, or in answer to its close. The session stops
     * writing then, as nothing may follow a close frame (RFC 6455 section 5.5.1) and its bytes do not
     * pass Netty's protocol handler, which would drop them.
     */
    enum Closing {
        EVENT
    }

    private final LimitCounters counters;
    private final long lingerMillis;
    private boolean failed;
    /** The client sent a close frame: the echo Netty writes is followed by a close that should linger. */
    private boolean peerClosed;

    /** @param lingerMillis how long a client may go on sending after the close frame */
    FrameGuard(LimitCounters counters, long lingerMillis) {
        this.counters = counters;
        this.lingerMillis = lingerMillis;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof WebSocketFrame f && f.rsv() != 0) {
            // Inflated frames come here with RSV1 cleared: a bit still set belongs to no extension.
            ReferenceCountUtil.release(msg);
            fail(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, "reserved bits " + f.rsv() + " set");
            return;
        }
        if (msg instanceof CloseWebSocketFrame) {
            peerClosed = true;
            // Netty's protocol handler echoes it; nothing of ours may follow the echo.
            ctx.fireUserEventTriggered(Closing.EVENT);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (failed || peerClosed) {
            failed = true; // what the client sends from now on is dropped
            Linger.close(ctx, promise, lingerMillis);
        } else {
            ctx.close(promise);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failed) {
            log.debug("{}: after close: {}", ctx.channel().remoteAddress(), cause.toString());
            return; // one answer; what the broken stream says after it is noise
        }
        WebSocketCloseStatus status = closeStatus(cause, upgraded(ctx));
        if (status == null) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        fail(ctx, status, cause.getMessage());
        if (find(cause, DecompressionException.class) != null) {
            dropInflater(ctx);
        }
    }

    /** The close code for what a frame handler threw, or null when it is not a client's bad frame. */
    static WebSocketCloseStatus closeStatus(Throwable cause, boolean upgraded) {
        CorruptedWebSocketFrameException corrupt = find(cause, CorruptedWebSocketFrameException.class);
        if (corrupt != null) {
            return corrupt.closeStatus();
        }
        DecompressionException inflate = find(cause, DecompressionException.class);
        if (inflate != null) {
            String m = inflate.getMessage();
            return m != null && m.contains(INFLATED_TOO_BIG)
                    ? WebSocketCloseStatus.MESSAGE_TOO_BIG
                    : WebSocketCloseStatus.INVALID_PAYLOAD_DATA;
        }
        // Any other codec's complaint about a frame (a continuation the inflater did not expect, say).
        return upgraded && find(cause, CodecException.class) != null ? WebSocketCloseStatus.PROTOCOL_ERROR : null;
    }

    /**
     * A handler after this one found the client at fault ({@code MessageLimit}: a message past the
     * limit): the same close frame, count and lingering close as for a bad frame. False when the
     * pipeline has no guard.
     */
    static boolean fail(ChannelPipeline p, WebSocketCloseStatus status, String why) {
        ChannelHandlerContext ctx = p.context(FrameGuard.class);
        if (ctx == null) {
            return false;
        }
        ((FrameGuard) ctx.handler()).fail(ctx, status, why);
        return true;
    }

    private void fail(ChannelHandlerContext ctx, WebSocketCloseStatus status, String why) {
        if (failed) {
            return;
        }
        failed = true;
        counters.protocolError(ctx.channel(), status.code(), why);
        ctx.fireUserEventTriggered(Closing.EVENT);
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(new CloseWebSocketFrame(status, status.reasonText()))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    private static boolean upgraded(ChannelHandlerContext ctx) {
        return ctx.pipeline().get(WebSocketFrameDecoder.class) != null;
    }

    private static void dropInflater(ChannelHandlerContext ctx) {
        for (Map.Entry<String, ChannelHandler> e : ctx.pipeline()) {
            if (e.getValue() instanceof WebSocketExtensionDecoder) {
                // Its cleanup may throw once more; that comes back here as noise and is dropped.
                ctx.pipeline().remove(e.getValue());
            }
        }
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
