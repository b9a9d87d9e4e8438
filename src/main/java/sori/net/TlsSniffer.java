package sori.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First in a pipeline: waits for the client's first bytes and decides once, as Netty's port
 * unification example does. A TLS ClientHello puts an {@link SslHandler} in its place; anything else
 * leaves the pipeline plain (or, TLS-only, gets one error line and a close); a broken hello is
 * dropped. It then removes itself and replays what it read. The handlers after it hear
 * {@code channelActive} only then (for TLS, after the handshake), so a protocol that speaks first
 * speaks to the right wire. A silent client is taken for plain text after {@code greetingMillis} (for
 * protocols that speak first) or after the handshake timeout; a partial hello is dropped then.
 */
final class TlsSniffer extends ChannelInboundHandlerAdapter {

    /** What a plain-text client of a TLS-only port reads before the close. */
    static final String REFUSAL = "error: this port speaks TLS only; connect with TLS (sori client --tls HOST:PORT)\n";

    /**
     * What plain HTTP gets on a TLS-only web port: a real response, as nginx answers "the plain HTTP
     * request was sent to HTTPS port", so a browser or curl shows a reason rather than garbage.
     */
    static String httpRefusal(int port) {
        String body = "400 Bad Request: this port speaks HTTPS only; use https://HOST:" + port + "/ (wss:// for "
                + "the WebSocket)\n";
        return "HTTP/1.1 400 Bad Request\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                + "Connection: close\r\n"
                + "\r\n"
                + body;
    }

    private static final Logger log = LoggerFactory.getLogger(TlsSniffer.class);
    private static final int HANDSHAKE_RECORD = 22;
    private static final int CLIENT_HELLO = 1;
    /** RFC 8446 5.1: a plaintext record holds at most 2^14 bytes. */
    private static final int MAX_RECORD = 1 << 14;
    /** How long a refused client has to read its error line before the close. */
    private static final long REFUSAL_LINGER_MILLIS = 2000;

    enum Verdict { UNSURE, PLAIN, TLS, GARBAGE }

    private final TlsContexts tls;
    private final long greetingMillis;
    private ByteBuf seen;
    private long deadline;
    private ScheduledFuture<?> greetingTimer;
    private ScheduledFuture<?> deadlineTimer;
    private boolean decided;
    private final boolean http;

    /**
     * @param greetingMillis silence after which a client counts as plain text; 0 waits for its bytes
     * @param http the port speaks HTTP: plain text on a TLS-only port gets an HTTP 400, not a chat line
     */
    TlsSniffer(TlsContexts tls, long greetingMillis, boolean http) {
        this.tls = tls;
        this.greetingMillis = greetingMillis;
        this.http = http;
    }

    /** What the first bytes of a connection say it is; {@code UNSURE} until there are enough of them. */
    static Verdict classify(ByteBuf b) {
        int n = b.readableBytes();
        int r = b.readerIndex();
        if (n == 0) {
            return Verdict.UNSURE;
        }
        if (b.getUnsignedByte(r) != HANDSHAKE_RECORD) {
            return Verdict.PLAIN; // every TLS connection opens with a handshake record
        }
        if (n < 2) {
            return Verdict.UNSURE;
        }
        if (b.getUnsignedByte(r + 1) != 3) {
            return Verdict.PLAIN; // no TLS version: text that happens to start with Ctrl-V
        }
        if (n < 6) {
            return Verdict.UNSURE;
        }
        int length = b.getUnsignedShort(r + 3);
        boolean hello = b.getUnsignedByte(r + 2) <= 4 && length >= 4 && length <= MAX_RECORD
                && b.getUnsignedByte(r + 5) == CLIENT_HELLO;
        return hello && SslHandler.isEncrypted(b, false) ? Verdict.TLS : Verdict.GARBAGE;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Held back: the handlers after this one hear channelActive once the wire is known.
        long timeout = tls.options().handshakeTimeout().toNanos();
        deadline = System.nanoTime() + timeout;
        deadlineTimer = ctx.executor().schedule(() -> expired(ctx), timeout, TimeUnit.NANOSECONDS);
        if (greetingMillis > 0 && !tls.options().tlsOnly()) {
            greetingTimer = ctx.executor().schedule(() -> {
                if (!decided && seen == null) {
                    plain(ctx); // nothing said: a person on netcat, waiting for the prompt
                }
            }, greetingMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (decided) {
            ReferenceCountUtil.release(msg); // refused or dropped: what else comes is not read
            return;
        }
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        seen = seen == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), seen, in);
        switch (classify(seen)) {
            case UNSURE -> { } // a TLS record header arrives in pieces only from the hostile or very slow
            case PLAIN -> {
                if (tls.options().tlsOnly()) {
                    refuse(ctx);
                } else {
                    plain(ctx);
                }
            }
            case TLS -> tls(ctx);
            case GARBAGE -> drop(ctx, "not a TLS hello");
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Nothing for the handlers after this one yet; the replay brings its own read-complete.
        if (!ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!decided && evt instanceof ChannelInputShutdownEvent) {
            // The client has said all it will: decide on what there is.
            Verdict v = seen == null ? Verdict.PLAIN : classify(seen);
            if (v == Verdict.PLAIN && !tls.options().tlsOnly()) {
                plain(ctx);
            } else {
                drop(ctx, "ended before a TLS hello");
                return;
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finish();
        ctx.fireChannelInactive(); // never active for the handlers after this one, but they may clean up
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        finish();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("{}: closing before TLS or plain was known: {}", Addresses.remote(ctx.channel()), cause.toString());
        ctx.close();
    }

    private void expired(ChannelHandlerContext ctx) {
        if (decided) {
            return;
        }
        if (seen != null) {
            drop(ctx, "TLS hello incomplete after " + tls.options().handshakeTimeout().toMillis() + " ms");
        } else if (tls.options().tlsOnly()) {
            refuse(ctx);
        } else {
            plain(ctx); // a silent client of a protocol where the client speaks first; it may speak later
        }
    }

    private void plain(ChannelHandlerContext ctx) {
        ByteBuf replay = decide();
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
        if (replay != null) {
            ctx.fireChannelRead(replay);
            ctx.fireChannelReadComplete();
        }
    }

    private void tls(ChannelHandlerContext ctx) {
        ByteBuf replay = decide();
        // The handshake timeout runs from the connection, not from the hello.
        long left = Math.max(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()), 1000);
        ChannelPipeline p = ctx.pipeline();
        p.addAfter(ctx.name(), "tls", tls.newHandler(ctx.alloc(), left));
        p.addAfter("tls", "tls-handshake", new HandshakeGate(tls));
        p.remove(this);
        ctx.fireChannelRead(replay);
        ctx.fireChannelReadComplete();
    }

    private void refuse(ChannelHandlerContext ctx) {
        ReferenceCountUtil.release(decide()); // what was read is not wanted
        log.debug("{}: plain text on a TLS-only port; refused", Addresses.remote(ctx.channel()));
        String words = http && ctx.channel().localAddress() instanceof java.net.InetSocketAddress local
                ? httpRefusal(local.getPort()) : REFUSAL;
        ByteBuf line = Unpooled.copiedBuffer(words, StandardCharsets.UTF_8);
        ctx.writeAndFlush(line).addListener((ChannelFutureListener) f -> {
            // Half-close and keep reading for a moment: closing on unread input would reset the
            // connection, and the client might lose the line before it reads it.
            if (f.channel() instanceof DuplexChannel d && f.isSuccess()) {
                d.shutdownOutput();
                f.channel().eventLoop().schedule(() -> f.channel().close(), REFUSAL_LINGER_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                f.channel().close();
            }
        });
    }

    private void drop(ChannelHandlerContext ctx, String why) {
        ReferenceCountUtil.release(decide()); // what was read is not wanted
        log.debug("{}: dropped: {}", Addresses.remote(ctx.channel()), why);
        ctx.close();
    }

    /** Marks the decision made, stops the timers and hands over what was read (null: nothing). */
    private ByteBuf decide() {
        decided = true;
        cancelTimers();
        ByteBuf b = seen;
        seen = null;
        return b;
    }

    private void finish() {
        decided = true;
        cancelTimers();
        if (seen != null) {
            seen.release();
            seen = null;
        }
    }

    private void cancelTimers() {
        if (greetingTimer != null) {
            greetingTimer.cancel(false);
        }
        if (deadlineTimer != null) {
            deadlineTimer.cancel(false);
        }
    }
}
