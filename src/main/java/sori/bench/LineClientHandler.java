package sori.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One generator connection speaking the plain-text chat protocol (or plain lines, for echo). It frames lines
 * itself, in place: no String and no slice per line. Until registered it answers the name prompt (which has
 * no newline) and waits for {@code * Welcome}; afterwards it hands each line to {@link #onLine} as an index
 * range of the inbound buffer. Lines are bounded at {@link #MAX_LINE} bytes; longer ones are skipped.
 * On the web port a {@link WsBridge} in front speaks the JSON and calls {@link #welcomed}, {@link #refused}
 * and {@link #deliver} instead; what the scenarios see is the same.
 */
abstract class LineClientHandler extends ByteToMessageDecoder {
    /** Same bound as the server's framing: 8192 bytes a line. */
    static final int MAX_LINE = 8192;
    private static final byte[] WELCOME = "* Welcome".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "error:".getBytes(StandardCharsets.US_ASCII);

    private final Meter meter;
    private final String name;
    private final byte[] nameLine;
    private final CompletableFuture<Void> registration = new CompletableFuture<>();
    protected LoopStats stats;
    protected ChannelHandlerContext ctx;
    private boolean registered;
    private boolean nameSent;
    private boolean discarding;

    /** {@code name} null means no chat registration: the connection counts as registered once connected. */
    LineClientHandler(Meter meter, String name) {
        this.meter = meter;
        this.name = name;
        this.nameLine = name == null ? null : (name + "\n").getBytes(StandardCharsets.UTF_8);
        // Drop what was read after every read, not every 16th: flat out, each read would otherwise
        // append to a buffer still holding the reads before it, grown (and copied) past the pool's sizes.
        setDiscardAfterReads(1);
    }

    /** Completes when the server welcomed this client; fails with the server's error line or the close. */
    final CompletableFuture<Void> registration() {
        return registration;
    }

    final Channel channel() {
        return ctx == null ? null : ctx.channel();
    }

    /** Called on the event loop once registered, before {@link #registration()} completes. */
    protected void onRegistered(ChannelHandlerContext ctx) {}

    /** A line after registration: bytes {@code [start, start + length)} of {@code buf}, newline excluded. */
    protected abstract void onLine(ChannelHandlerContext ctx, ByteBuf buf, int start, int length);

    /** Called after a batch of reads: the place to write more and flush once. */
    protected void afterReads(ChannelHandlerContext ctx) {}

    /** Called when the connection closes. */
    protected void onClosed() {}

    /** False when lines after registration are of no interest: input is then dropped without scanning. */
    protected boolean scansLines() {
        return true;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Runs on the channel's event loop once it is registered: the loop's stats are this thread's.
        this.ctx = ctx;
        this.stats = meter.forCurrentThread();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (nameLine == null && ctx.pipeline().get(SslHandler.class) == null) {
            markRegistered(ctx);
        }
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent e) {
            if (!e.isSuccess()) {
                registration.completeExceptionally(e.cause());
                ctx.close();
            } else if (nameLine == null && !registered) {
                markRegistered(ctx); // plain lines over TLS: ready once the handshake is done
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (registered && !scansLines()) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int end = in.writerIndex();
        int start = in.readerIndex();
        int lf;
        while (start < end && (lf = in.indexOf(start, end, (byte) '\n')) >= 0) {
            if (discarding) {
                discarding = false; // the rest of an over-long line
            } else {
                int length = lf - start;
                if (length > 0 && in.getByte(lf - 1) == '\r') {
                    length--;
                }
                if (registered) {
                    onLine(ctx, in, start, length);
                } else {
                    onRegistrationLine(ctx, in, start, length);
                }
            }
            start = lf + 1;
            if (!ctx.channel().isActive() && !registered) {
                break;
            }
        }
        in.readerIndex(Math.min(start, end));
        int tail = in.readableBytes();
        if (!registered && nameLine != null && tail >= 2 && in.getByte(end - 2) == ':' && in.getByte(end - 1) == ' ') {
            // The name prompt has no newline: answer it as soon as its last bytes arrive.
            in.skipBytes(tail);
            nameSent = true;
            ctx.writeAndFlush(ctx.alloc().buffer(nameLine.length).writeBytes(nameLine));
        } else if (tail > MAX_LINE) {
            in.skipBytes(tail);
            discarding = true;
        }
    }

    private void onRegistrationLine(ChannelHandlerContext ctx, ByteBuf in, int start, int length) {
        if (startsWith(in, start, length, WELCOME)) {
            markRegistered(ctx);
        } else if (nameSent && startsWith(in, start, length, ERROR)) {
            String reason = in.toString(start, length, StandardCharsets.UTF_8);
            registration.completeExceptionally(new RegistrationException("server refused the name: " + reason));
            ctx.close();
        }
    }

    private void markRegistered(ChannelHandlerContext ctx) {
        registered = true;
        onRegistered(ctx);
        registration.complete(null);
    }

    /** The chat name this client registers with, or null. */
    public final String name() {
        return name;
    }

    /** From a protocol adapter in front: the server welcomed this client. */
    final void welcomed() {
        if (!registered) {
            markRegistered(ctx);
        }
    }

    /** From a protocol adapter in front: the server refused the name, saying {@code reason}. */
    final void refused(String reason) {
        registration.completeExceptionally(new RegistrationException("server refused the name: " + reason));
        ctx.close();
    }

    /** From a protocol adapter in front: one message's text, bytes {@code [start, start + length)} of buf. */
    final void deliver(ByteBuf buf, int start, int length) {
        onLine(ctx, buf, start, length);
    }

    /** Gives up on registration (a timeout); the connection is closed. */
    final void failRegistration(String why) {
        if (registration.completeExceptionally(new RegistrationException(why)) && ctx != null) {
            ctx.close();
        }
    }

    final boolean isRegistered() {
        return registered;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (registered) {
            afterReads(ctx);
        }
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (registered) {
            stats.inc(LoopStats.Counter.DISCONNECTS);
        } else {
            registration.completeExceptionally(new IOException("server closed the connection before welcoming it"));
        }
        onClosed();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        registration.completeExceptionally(cause);
        ctx.close();
    }

    static boolean startsWith(ByteBuf buf, int start, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buf.getByte(start + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The server did not take a client: its error line, or a timeout. */
    static final class RegistrationException extends IOException {
        RegistrationException(String message) {
            super(message);
        }
    }
}
