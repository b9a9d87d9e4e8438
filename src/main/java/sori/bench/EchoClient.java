package sori.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * One echo connection: sends a marked line, waits for it to come back, records the round trip and sends the
 * next, flat out. The reply is written while reading and flushed once per read batch. Event loop only.
 */
final class EchoClient extends LineClientHandler {
    private final int index;
    private final Marker.Reader reader = new Marker.Reader();
    private FanoutPlan plan;
    private long seq;
    private boolean pending;
    private boolean stopped;

    EchoClient(Meter meter, int index) {
        super(meter, null);
        this.index = index;
    }

    void start(FanoutPlan p) {
        ctx.executor().execute(() -> {
            plan = p;
            if (!ctx.channel().isActive()) {
                stop();
                return;
            }
            send(p.now());
            ctx.flush();
        });
    }

    @Override
    protected void onLine(ChannelHandlerContext ctx, ByteBuf buf, int start, int length) {
        FanoutPlan p = plan;
        if (p == null || !reader.read(buf, start, start + length) || reader.run != p.run()
                || reader.sender != index) {
            return;
        }
        long now = p.now();
        if (reader.seq != seq - 1 || !pending) {
            stats.inc(LoopStats.Counter.MISMATCHES); // an echo of something we did not send last
            return;
        }
        pending = false;
        stats.inc(LoopStats.Counter.DELIVERED_ALL);
        if (p.measured(reader.stamp)) {
            stats.inc(LoopStats.Counter.DELIVERED);
            stats.latency.recordValue(Math.max(0, now - reader.stamp));
        }
        if (now < p.measureEnd()) {
            send(now);
        } else {
            stop();
        }
    }

    @Override
    protected void afterReads(ChannelHandlerContext ctx) {
        if (pending) {
            ctx.flush();
        }
    }

    private void send(long stamp) {
        ByteBuf line = ctx.alloc().ioBuffer(plan.size());
        Marker.write(line, plan.run(), index, seq++, stamp, plan.size());
        ctx.write(line, ctx.voidPromise());
        pending = true;
        stats.inc(LoopStats.Counter.SENT_ALL);
        if (plan.measured(stamp)) {
            stats.inc(LoopStats.Counter.SENT);
        }
    }

    private void stop() {
        if (!stopped) {
            stopped = true;
            stats.inc(LoopStats.Counter.STOPPED);
        }
    }

    @Override
    protected void onClosed() {
        if (plan != null) {
            stop();
        }
    }
}
