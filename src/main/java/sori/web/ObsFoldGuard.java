package sori.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 9112 5.2: a request whose header section has a line starting with a space or tab (obsolete line
 * folding) gets {@code 400 Bad Request} and a close. Netty's HTTP decoder would join the folded line to
 * the one before without a word, so this reads the bytes in front of it: passed on as they come, nothing
 * buffered, only the state of the line being read kept. Once the request head ends (an empty line), or
 * once more bytes went by than the decoder lets a head have (it refuses those itself), it leaves the
 * pipeline. One per connection; it checks the first request's head only.
 */
final class ObsFoldGuard extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ObsFoldGuard.class);
    private static final String BODY = "bad request: folded header line (RFC 9112 5.2)\n";
    private static final byte[] RESPONSE = ("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY)
            .getBytes(StandardCharsets.US_ASCII);

    private final long bound;
    private final long lingerMillis;
    /** Bytes looked at so far. */
    private long seen;
    /** Complete lines of the head so far, leading empty lines not counted (the request line is line 0). */
    private int lines;
    private boolean atLineStart = true;
    private boolean refused;

    /**
     * @param bound        bytes after which the head is the HTTP decoder's concern (it refuses heads that long)
     * @param lingerMillis how long the client may go on sending after the 400
     */
    ObsFoldGuard(long bound, long lingerMillis) {
        this.bound = bound;
        this.lingerMillis = lingerMillis;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg); // read only so the client's close is seen
            return;
        }
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        switch (scan(in)) {
            case MORE -> ctx.fireChannelRead(msg);
            case DONE -> {
                ctx.pipeline().remove(this);
                ctx.fireChannelRead(msg);
            }
            case FOLDED -> {
                in.release();
                refuse(ctx);
            }
        }
    }

    enum Verdict { MORE, DONE, FOLDED }

    /** Reads {@code in} (without moving its reader index) as the next bytes of the request head. */
    Verdict scan(ByteBuf in) {
        for (int i = in.readerIndex(), end = in.writerIndex(); i < end; i++) {
            if (++seen > bound) {
                return Verdict.DONE; // too long for the decoder anyway: its 400/431
            }
            byte b = in.getByte(i);
            if (b == '\r') {
                continue; // CRLF and a bare LF end a line alike, as the decoder reads them
            }
            if (b == '\n') {
                if (!atLineStart) {
                    lines++;
                    atLineStart = true;
                } else if (lines > 0) {
                    return Verdict.DONE; // the empty line: the head is over, the rest is body or frames
                }
                continue; // empty lines before the request line are allowed (RFC 9112 2.2)
            }
            if (atLineStart && lines > 0 && (b == ' ' || b == '\t')) {
                return Verdict.FOLDED;
            }
            atLineStart = false;
        }
        return Verdict.MORE;
    }

    private void refuse(ChannelHandlerContext ctx) {
        refused = true;
        log.debug("{}: obsolete line folding in the request head; 400", ctx.channel().remoteAddress());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(RESPONSE))
                .addListener(f -> Linger.close(ctx, ctx.newPromise(), lingerMillis));
    }
}
