package sori.web;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;

/**
 * Joins a message's fragments into one frame, up to the limit; a message past it closes the socket
 * with 1009 (message too big), as RFC 6455 asks, instead of Netty's default of an exception.
 */
final class MessageLimit extends WebSocketFrameAggregator {

    MessageLimit(int maxBytes) {
        super(maxBytes);
    }

    /**
     * An unfragmented message passes the aggregator unchecked; the frame decoder bounds it, but an
     * inflated one is bounded only by the inflater's allocation (twice the limit), so it is checked
     * here too.
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof WebSocketFrame f && f.isFinalFragment() && !(f instanceof ContinuationWebSocketFrame)
                && f.content().readableBytes() > maxContentLength()) {
            f.release();
            handleOversizedMessage(ctx, f);
            return;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, WebSocketFrame oversized) {
        String why = "message over " + maxContentLength() + " bytes";
        if (FrameGuard.fail(ctx.pipeline(), WebSocketCloseStatus.MESSAGE_TOO_BIG, why)) {
            return; // counted, and the close lingers
        }
        ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG,
                why)).addListener(ChannelFutureListener.CLOSE);
    }
}
