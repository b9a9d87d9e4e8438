package sori.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/**
 * The server's frames read in place, in the generator's hot path: a whole, final text frame (all the
 * server sends for an event) goes to the {@link WsBridge} as a byte range of the inbound buffer, with no
 * frame object, no slice and no aggregation, the way {@link LineClientHandler} reads lines. Any other
 * frame (a ping, a close, a fragment) becomes Netty's frame object and goes on to the protocol handler
 * and the aggregator as before, so they keep answering pings and honouring close frames.
 *
 * <p>It takes the place of Netty's frame decoder once the bridge has the server's first event: the
 * server then waits for the name, so nothing of a later frame is left in the decoder it replaces. A
 * server's frame is never masked (RFC 6455 section 5.1) and at most {@link WsBridge#MAX_FRAME} long here.
 */
final class WsFrames extends ByteToMessageDecoder {
    private static final int FIN_TEXT = 0x81;

    private final WsBridge bridge;

    WsFrames(WsBridge bridge) {
        this.bridge = bridge;
        setDiscardAfterReads(1); // as LineClientHandler does, and for the same reason
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 2) {
            int at = in.readerIndex();
            int readable = in.readableBytes();
            int first = in.getUnsignedByte(at);
            int second = in.getUnsignedByte(at + 1);
            if ((second & 0x80) != 0) {
                throw new CorruptedFrameException("the server sent a masked frame");
            }
            int header;
            long length = second & 0x7f;
            if (length < 126) {
                header = 2;
            } else if (length == 126) {
                if (readable < 4) {
                    return;
                }
                header = 4;
                length = in.getUnsignedShort(at + 2);
            } else {
                if (readable < 10) {
                    return;
                }
                header = 10;
                length = in.getLong(at + 2);
            }
            if (length < 0 || length > WsBridge.MAX_FRAME) {
                throw new TooLongFrameException("a frame of " + length + " bytes (at most " + WsBridge.MAX_FRAME + ")");
            }
            int payload = (int) length;
            if (readable < header + payload) {
                return; // the rest is still on its way
            }
            int start = at + header;
            in.readerIndex(start + payload);
            if (first == FIN_TEXT) {
                bridge.text(ctx, in, start, payload);
                if (ctx.isRemoved()) {
                    return;
                }
            } else {
                // Handed on through the pipeline; returning lets the decoder fire it before any later frame.
                out.add(frame(first, in.retainedSlice(start, payload)));
                return;
            }
        }
    }

    private static WebSocketFrame frame(int first, ByteBuf payload) {
        boolean fin = (first & 0x80) != 0;
        int rsv = (first >> 4) & 0x7;
        return switch (first & 0x0f) {
            case 0x0 -> new ContinuationWebSocketFrame(fin, rsv, payload);
            case 0x1 -> new TextWebSocketFrame(fin, rsv, payload);
            case 0x2 -> new BinaryWebSocketFrame(fin, rsv, payload);
            case 0x8 -> new CloseWebSocketFrame(fin, rsv, payload);
            case 0x9 -> new PingWebSocketFrame(fin, rsv, payload);
            case 0xA -> new PongWebSocketFrame(fin, rsv, payload);
            default -> {
                payload.release();
                throw new CorruptedFrameException("the server sent a frame with opcode " + (first & 0x0f));
            }
        };
    }
}
