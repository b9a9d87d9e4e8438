package sori.line;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Splits bytes into lines (decoded as UTF-8, bad bytes become U+FFFD) with three rules on top of a
 * plain line splitter: a line longer than the limit is dropped whole and reported once as
 * {@link #TOO_LONG} while memory stays at the limit; {@code \r\n} and {@code \n} both end a line; and a
 * partial line followed by a pause counts as a line, for clients that send bare messages (the seed's
 * Python ones). One per channel.
 */
public final class LineFramer extends ByteToMessageDecoder {

    /** Passed on in place of a line that was over the limit and dropped. */
    public static final Object TOO_LONG = new Object() {
        @Override
        public String toString() {
            return "TOO_LONG";
        }
    };

    private final int maxLineBytes;
    private final long idleFlushNanos;
    private boolean discarding;
    private long lastReadNanos;
    private ScheduledFuture<?> idleFlush;
    /** The peer has ended a line with a newline: it is not one of the seed's newline-less clients. */
    private boolean sentNewline;

    /**
     * @param maxLineBytes longest line, without its line end
     * @param idleFlushMillis pause after which a partial line counts as a line, for peers that never sent a
     *                        newline (the seed's clients); 0 never
     */
    public LineFramer(int maxLineBytes, long idleFlushMillis) {
        this.maxLineBytes = maxLineBytes;
        this.idleFlushNanos = TimeUnit.MILLISECONDS.toNanos(idleFlushMillis);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        lastReadNanos = System.nanoTime();
        while (in.isReadable()) {
            int eol = in.forEachByte(ByteProcessor.FIND_LF);
            if (discarding) {
                if (eol < 0) {
                    in.skipBytes(in.readableBytes());
                    return;
                }
                in.readerIndex(eol + 1);
                discarding = false;
                continue;
            }
            if (eol < 0) {
                int held = in.readableBytes();
                // One byte past the limit may still be the \r of a line exactly at it: keep it until we know.
                if (held > maxLineBytes + 1 || held == maxLineBytes + 1 && in.getByte(in.writerIndex() - 1) != '\r') {
                    // Over the limit with no end in sight: drop what we have and what follows up to the next \n.
                    in.skipBytes(in.readableBytes());
                    discarding = true;
                    out.add(TOO_LONG);
                } else if (idleFlushNanos > 0 && !sentNewline) {
                    scheduleIdleFlush(ctx);
                }
                return;
            }
            // A peer that ends its lines is never guessed at again: its partial line is only a line
            // still in transit (split by TCP, or held back while we pause reading), whatever the pause.
            sentNewline = true;
            int start = in.readerIndex();
            int length = eol - start;
            if (length > 0 && in.getByte(eol - 1) == '\r') {
                length--;
            }
            if (length > maxLineBytes) {
                out.add(TOO_LONG);
            } else {
                out.add(in.toString(start, length, StandardCharsets.UTF_8));
            }
            in.readerIndex(eol + 1);
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        // The peer closed mid-line: what it sent still counts, as a pause would have made it.
        if (!discarding && in.isReadable()) {
            int length = in.readableBytes();
            if (in.getByte(in.writerIndex() - 1) == '\r') {
                length--;
            }
            out.add(in.toString(in.readerIndex(), length, StandardCharsets.UTF_8));
            in.skipBytes(in.readableBytes());
        }
    }

    private void scheduleIdleFlush(ChannelHandlerContext ctx) {
        if (idleFlush == null) {
            idleFlush = ctx.executor().schedule(() -> idleFlush(ctx), idleFlushNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void idleFlush(ChannelHandlerContext ctx) {
        idleFlush = null;
        ByteBuf partial = internalBuffer();
        if (discarding || !partial.isReadable() || ctx.isRemoved()) {
            return;
        }
        long quiet = System.nanoTime() - lastReadNanos;
        if (!ctx.channel().config().isAutoRead()) {
            // The silence is ours, not the peer's: we stopped reading (the store is behind), and the
            // rest of this line is waiting in the socket. Look again after another pause.
            idleFlush = ctx.executor().schedule(() -> idleFlush(ctx), idleFlushNanos, TimeUnit.NANOSECONDS);
            return;
        }
        if (quiet < idleFlushNanos) {
            idleFlush = ctx.executor().schedule(() -> idleFlush(ctx), idleFlushNanos - quiet, TimeUnit.NANOSECONDS);
            return;
        }
        int length = partial.readableBytes();
        if (partial.getByte(partial.writerIndex() - 1) == '\r') {
            length--;
        }
        String line = partial.toString(partial.readerIndex(), length, StandardCharsets.UTF_8);
        partial.skipBytes(partial.readableBytes());
        ctx.fireChannelRead(line);
        ctx.fireChannelReadComplete();
    }

    /** The bytes held for an unfinished line (for tests of the memory bound). */
    ByteBuf heldForTest() {
        return internalBuffer();
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (idleFlush != null) {
            idleFlush.cancel(false);
            idleFlush = null;
        }
    }
}
