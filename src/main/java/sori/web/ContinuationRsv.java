package sori.web;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;
import io.netty.util.ReferenceCountUtil;

/**
 * RFC 7692 6.1: RSV1 marks a compressed message on its first frame only; on a continuation frame it is
 * a protocol error. Netty's inflater clears the bit on every frame of a compressed message, so
 * {@link FrameGuard}, after it, can no longer tell: this sits between the frame decoder and the
 * inflater and throws what FrameGuard answers with close 1002. Frames after that are dropped, so the
 * inflater never sees the rest of the broken message.
 */
final class ContinuationRsv extends ChannelInboundHandlerAdapter {

    private boolean failed;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof ContinuationWebSocketFrame f && (f.rsv() & WebSocketExtension.RSV1) != 0) {
            failed = true;
            f.release();
            throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR,
                    "RSV1 on a continuation frame");
        }
        ctx.fireChannelRead(msg);
    }
}
