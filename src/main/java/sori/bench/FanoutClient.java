package sori.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.Arrays;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A room member in a fan-out run. Every member counts the marked lines it receives, records their latency
 * and checks that each sender's sequence numbers rise. A sender also writes marked lines: on a schedule
 * ({@code --rate}; each line is stamped with its intended send time, so a stalled server shows up as
 * latency instead of silently slowing the generator: no coordinated omission) or flat out, keeping
 * {@code --window} lines in flight. Writes are batched and flushed once per tick or per read batch.
 * All state is touched only on the channel's event loop.
 */
final class FanoutClient extends LineClientHandler implements Records.Entry {
    private static final long MIN_TICK_NANOS = 1_000_000L;
    private static final byte[] ERROR = "error:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Supplier<FanoutPlan> plan;
    private final int senderIndex;
    private final Marker.Reader reader = new Marker.Reader();
    /** What this client received, when the run records it ({@code --record}); null otherwise. */
    private final Records.Log log;
    private long[] lastSeq;
    // Sender state.
    private FanoutPlan sending;
    private long seq;
    private long nextIntended;
    private int inFlight;
    private boolean echoed;
    private boolean stopped;
    private Future<?> tick;
    private Future<?> stopTimer;

    /** {@code senderIndex} is -1 for a member that only receives. */
    FanoutClient(Meter meter, String name, int senderIndex, Supplier<FanoutPlan> plan) {
        this(meter, name, senderIndex, plan, false);
    }

    FanoutClient(Meter meter, String name, int senderIndex, Supplier<FanoutPlan> plan, boolean record) {
        super(meter, name);
        this.senderIndex = senderIndex;
        this.plan = plan;
        this.log = record ? new Records.Log() : null;
    }

    @Override
    public int senderIndex() {
        return senderIndex;
    }

    @Override
    public Records.Log log() {
        return log;
    }

    boolean isSender() {
        return senderIndex >= 0;
    }

    @Override
    protected void onLine(ChannelHandlerContext ctx, ByteBuf buf, int start, int length) {
        if (!reader.read(buf, start, start + length)) {
            if (sending != null && inFlight > 0 && startsWith(buf, start, length, ERROR)) {
                // The server answers a line it does not take with one error line (a cluster that lost Redis
                // says "cluster unavailable"): that line is not coming back, so it leaves the window.
                inFlight--;
                echoed = true;
                stats.inc(LoopStats.Counter.REFUSED);
                if (log != null) {
                    log.refused++;
                }
            }
            return; // a notice, an error line or someone else's text
        }
        FanoutPlan p = plan.get();
        if (p == null || reader.run != p.run() || reader.sender >= p.senders()) {
            return;
        }
        if (log != null) {
            log.add(reader.sender, reader.seq);
        }
        long now = p.now();
        int s = reader.sender;
        stats.inc(LoopStats.Counter.DELIVERED_ALL);
        if (lastSeq == null) {
            lastSeq = new long[p.senders()];
            Arrays.fill(lastSeq, -1);
        }
        if (reader.seq <= lastSeq[s]) {
            stats.inc(LoopStats.Counter.REORDERS);
        } else {
            lastSeq[s] = reader.seq;
        }
        if (p.measured(reader.stamp)) {
            stats.inc(LoopStats.Counter.DELIVERED);
            stats.latency.recordValue(Math.max(0, now - reader.stamp));
        }
        if (s == senderIndex) {
            inFlight--;
            echoed = true;
        }
    }

    @Override
    protected void afterReads(ChannelHandlerContext ctx) {
        if (echoed) {
            echoed = false;
            fill();
        }
    }

    /** Starts sending; call on this channel's event loop (see {@link #start}). */
    void start(FanoutPlan p) {
        ctx.executor().execute(() -> begin(p));
    }

    private void begin(FanoutPlan p) {
        sending = p;
        long untilEnd = p.measureEnd() - p.now();
        if (!ctx.channel().isActive() || untilEnd <= 0) {
            stop();
            return;
        }
        stopTimer = ctx.executor().schedule(this::stop, untilEnd, TimeUnit.NANOSECONDS);
        if (p.periodNanos() > 0) {
            // Spread the senders' schedules over one period so they do not all fire at once.
            long offset = p.periodNanos() * senderIndex / Math.max(1, p.senders());
            nextIntended = p.now() + offset;
            long every = Math.max(p.periodNanos(), MIN_TICK_NANOS);
            tick = ctx.executor().scheduleAtFixedRate(this::fill, offset, every, TimeUnit.NANOSECONDS);
        } else {
            fill();
        }
    }

    /** Writes what the schedule or the window allows now, then flushes once. */
    private void fill() {
        FanoutPlan p = sending;
        if (p == null || stopped) {
            return;
        }
        long now = p.now();
        if (now >= p.measureEnd()) {
            stop();
            return;
        }
        int wrote = 0;
        int window = p.window();
        if (p.periodNanos() > 0) {
            while (inFlight < window && nextIntended <= now) {
                send(p, nextIntended);
                nextIntended += p.periodNanos();
                wrote++;
            }
        } else {
            while (inFlight < window) {
                send(p, now);
                wrote++;
            }
        }
        if (wrote > 0) {
            ctx.flush();
        }
    }

    private void send(FanoutPlan p, long stamp) {
        ByteBuf line = ctx.alloc().ioBuffer(p.size());
        Marker.write(line, p.run(), senderIndex, seq++, stamp, p.size());
        ctx.write(line, ctx.voidPromise());
        inFlight++;
        stats.inc(LoopStats.Counter.SENT_ALL);
        if (stamp >= p.measureStart()) {
            stats.inc(LoopStats.Counter.SENT);
        }
    }

    private void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (tick != null) {
            tick.cancel(false);
        }
        if (stopTimer != null) {
            stopTimer.cancel(false);
        }
        FanoutPlan p = sending;
        if (p != null && p.periodNanos() > 0) {
            // Lines due before the end that a late timer has not sent yet go now, stamped when they were due.
            int wrote = 0;
            while (ctx.channel().isActive() && inFlight < p.window() && nextIntended < p.measureEnd()) {
                send(p, nextIntended);
                nextIntended += p.periodNanos();
                wrote++;
            }
            if (wrote > 0) {
                ctx.flush();
            }
            stats.add(LoopStats.Counter.UNSENT, p.scheduledFrom(nextIntended));
        }
        stats.inc(LoopStats.Counter.STOPPED);
    }

    @Override
    protected void onClosed() {
        if (sending != null) {
            stop();
        }
    }
}
