package sori.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Flood control for one connection, placed right after the framer: a token bucket that lets
 * {@code burst} messages through at once and then {@code rate} a second. Messages beyond that wait here,
 * in order, and are let through as tokens come back; none is dropped or reordered. A sender whose
 * waiting messages pass {@code backlog} bytes trips {@link Limit#FLOOD}: the waiting ones are dropped and
 * the protocol handler is told ({@link Tripped}) so that it can say "excess flood" and close.
 *
 * <p>Works on any message: a {@link String} weighs its UTF-8 bytes plus its line end, a buffer (or a
 * WebSocket frame) its readable bytes plus one, anything else (the framer's too-long marker, which
 * stands for a line dropped at the limit) {@link #MARKER_WEIGHT}. One per channel; runs on its loop.
 */
public final class FloodGate extends ChannelInboundHandlerAdapter {

    /** Weight of a message that is neither text nor bytes. */
    static final int MARKER_WEIGHT = 512;

    private final int burst;
    private final double perNano;
    private final int backlog;
    private final LimitCounters counters;
    /** Messages waiting for tokens; made at the first that waits, dropped once none does (most never wait). */
    private ArrayDeque<Object> waiting;
    private long waitingBytes;
    private double tokens;
    private long refilledAt;
    private boolean tripped;
    private ScheduledFuture<?> release;

    /**
     * @param burst   messages let through at once (at least 1)
     * @param rate    messages a second after the burst (at least 1)
     * @param backlog bytes that may wait before the sender is cut off
     */
    public FloodGate(int burst, int rate, int backlog, LimitCounters counters) {
        if (burst < 1 || rate < 1 || backlog < 1) {
            throw new IllegalArgumentException("burst, rate and backlog must be at least 1");
        }
        this.burst = burst;
        this.perNano = rate / 1e9;
        this.backlog = backlog;
        this.counters = counters;
        this.tokens = burst;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        refilledAt = ctx.executor().ticker().nanoTime();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (tripped) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (waiting == null && take(ctx)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (waiting == null) {
            waiting = new ArrayDeque<>();
        }
        waiting.add(msg);
        waitingBytes += weight(msg);
        if (waitingBytes > backlog) {
            tripped = true;
            drop();
            Tripped.fire(ctx, counters, Limit.FLOOD, backlog);
            return;
        }
        scheduleRelease(ctx);
    }

    private void refill(ChannelHandlerContext ctx) {
        long now = ctx.executor().ticker().nanoTime();
        // Idle time fills the bucket up to the burst; while lines wait, a late release (a busy loop)
        // must not cost them the tokens they would have used on time.
        double cap = waiting == null ? burst : burst + waiting.size();
        tokens = Math.min(cap, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
    }

    private boolean take(ChannelHandlerContext ctx) {
        refill(ctx);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    private void scheduleRelease(ChannelHandlerContext ctx) {
        if (release != null) {
            return;
        }
        refill(ctx);
        // Wait exactly as long as the next token needs.
        long nanos = tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
        release = ctx.executor().schedule(() -> release(ctx), nanos, TimeUnit.NANOSECONDS);
    }

    private void release(ChannelHandlerContext ctx) {
        release = null;
        if (tripped || ctx.isRemoved()) {
            return;
        }
        boolean fired = false;
        while (waiting != null && take(ctx)) {
            Object msg = waiting.poll();
            if (waiting.isEmpty()) {
                waiting = null;
            }
            waitingBytes -= weight(msg);
            fired = true;
            ctx.fireChannelRead(msg);
            if (tripped) {
                return; // a handler further on closed the connection
            }
        }
        if (fired) {
            ctx.fireChannelReadComplete();
        }
        if (waiting != null) {
            scheduleRelease(ctx);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // Lines still waiting when the peer leaves are dropped, as IRC servers drop a quitting client's
        // receive queue: delivering them at once would let every connection end with a free flood.
        tripped = true;
        drop();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        drop();
    }

    private void drop() {
        if (release != null) {
            release.cancel(false);
            release = null;
        }
        Object msg;
        while (waiting != null && (msg = waiting.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
        waiting = null;
        waitingBytes = 0;
    }

    static long weight(Object msg) {
        if (msg instanceof CharSequence s) {
            return ByteBufUtil.utf8Bytes(s) + 1L;
        }
        if (msg instanceof ByteBuf b) {
            return b.readableBytes() + 1L;
        }
        if (msg instanceof ByteBufHolder h) {
            return h.content().readableBytes() + 1L;
        }
        return MARKER_WEIGHT;
    }
}
