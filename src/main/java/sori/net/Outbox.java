package sori.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.util.internal.PlatformDependent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import sori.chat.Delivery;
import sori.chat.Event;
import sori.chat.Mailbox;
import sori.chat.Session;
import sori.chat.Texts;

/**
 * The fan-out hot path shared by every protocol: one outbox per event loop and protocol. Posts are
 * queued lock-free, in order, and drained by one task on the loop. Consecutive room events for the
 * very same member array (one room, unchanged membership) are handed to {@link #deliver} as one run,
 * so a protocol can encode them into one buffer and give each member one retained duplicate; so are
 * consecutive posts to one session, which a protocol can write as one buffer; each member is flushed
 * once per pass, and one over the output limit whose peer takes none of it for a loop turn does not
 * read: it is cut off, as Redis does with its client output buffer limit. So a busy room costs one
 * write and one system call per member per loop turn.
 *
 * @param <S> the protocol's session type
 */
public abstract class Outbox<S extends ChannelSession> implements Mailbox {

    /** Items handled before flushing anyway, so a long backlog does not delay everybody's first bytes. */
    private static final int FLUSH_EVERY = 1024;

    /** How often a member over the output limit that is still taking its backlog is looked at again. */
    private static final long JUDGE_MILLIS = 10;

    private final EventLoop loop;
    private final long outboundLimit;
    /** Unsent bytes past which a member is cut off even while its peer still takes some. */
    private final long ceiling;
    private final LimitCounters counters;
    private final Queue<Item> queue = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    private final List<S> dirty = new ArrayList<>();
    private final List<Delivery> run = new ArrayList<>();
    private final Traffic traffic;
    private long pass;
    /** Counted during a drain pass, added to {@link #traffic} once at its end. */
    private int runEvents;
    private long passEvents;
    private long passBytes;
    /** Where protocols take the buffers they encode into. */
    protected final ByteBufAllocator alloc;

    private record Item(Delivery delivery, Session[] to) {}

    protected Outbox(EventLoop loop, ByteBufAllocator alloc, long outboundLimit, LimitCounters counters) {
        this.loop = loop;
        this.alloc = alloc;
        this.outboundLimit = outboundLimit;
        this.ceiling = Math.max(4 * outboundLimit, 16L << 20);
        this.counters = counters;
        this.traffic = counters.traffic();
    }

    @Override
    public final void post(Delivery delivery, Session[] to) {
        queue.offer(new Item(delivery, to));
        if (scheduled.compareAndSet(false, true)) {
            loop.execute(drainTask);
        }
    }

    /**
     * Writes {@code run} to every open session in {@code to}, through {@link #write} and
     * {@link #writeLast}. A run is several room events of one room for the same members, or
     * deliveries in a row for one session (then {@code to} has that session only).
     */
    protected abstract void deliver(List<Delivery> run, Session[] to);

    /** {@code codec} for each of {@link Texts#LANGUAGES}: a mailbox whose sessions all read one language (tests, benchmarks). */
    protected static <C> C[] inEveryLanguage(C codec, IntFunction<C[]> array) {
        C[] all = array.apply(Texts.LANGUAGES.size());
        Arrays.fill(all, codec);
        return all;
    }

    /**
     * Writes {@code msg} to {@code s} without flushing; the pass flushes it once. A buffer is bytes in
     * wire form and goes in where the session says ({@link ChannelSession#writeBytesFrom}); anything else
     * starts at the tail of the pipeline, through the protocol's encoders.
     */
    protected final void write(S s, Object msg) {
        write(s, msg, runEvents);
    }

    /** As {@link #write(ChannelSession, Object)}, for a message that carries {@code events} deliveries. */
    protected final void write(S s, Object msg, int events) {
        passEvents += events;
        s.unsentAdded += count(msg);
        (msg instanceof ByteBuf ? s.wire() : s.channel()).write(msg, s.channel().voidPromise());
        if (s.dirtyPass != pass) {
            s.dirtyPass = pass;
            dirty.add(s);
        }
    }

    /** Writes last words to {@code s}, then {@code closing} (or nothing), and closes once they are out. */
    protected final void writeLast(S s, Object msg, Object closing) {
        passEvents += runEvents;
        count(msg);
        s.closeOutput();
        if (closing == null) {
            s.channel().writeAndFlush(msg).addListener(ChannelFutureListener.CLOSE);
        } else {
            s.channel().write(msg, s.channel().voidPromise());
            s.channel().writeAndFlush(closing).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Counts {@code msg} in this pass's traffic; returns its bytes (a frame's content, not its header). */
    private long count(Object msg) {
        long bytes = 0;
        if (msg instanceof ByteBuf b) {
            bytes = b.readableBytes();
        } else if (msg instanceof ByteBufHolder h) {
            bytes = h.content().readableBytes();
        }
        passBytes += bytes;
        return bytes;
    }

    private void drain() {
        // Clear first: a post racing with the end of this pass schedules another, so nothing is stranded.
        scheduled.set(false);
        pass++;
        int handled = 0;
        Item next = queue.poll();
        while (next != null) {
            Item first = next;
            run.add(first.delivery);
            next = queue.poll();
            while (next != null && joins(first, next, run.size())) {
                run.add(next.delivery);
                next = queue.poll();
            }
            handled += run.size();
            // Deliveries in each member's write: the whole run for a room's members; a session's own
            // run is written delivery by delivery unless the protocol joins it (and says how many).
            runEvents = first.to.length > 1 ? run.size() : 1;
            Traffic.LatencySink latency = traffic.fanoutLatency();
            if (latency != null) {
                long now = System.nanoTime();
                for (Delivery d : run) {
                    if (d.event() instanceof Event.RoomEvent) {
                        latency.record(now - d.accepted());
                    }
                }
            }
            deliver(run, first.to);
            run.clear();
            if (handled >= FLUSH_EVERY) {
                flushDirty();
                handled = 0;
                pass++;
            }
        }
        flushDirty();
        traffic.written(passEvents, passBytes);
        passEvents = 0;
        passBytes = 0;
    }

    /**
     * Whether {@code next} joins the run {@code first} began, now {@code size} long: room events for the
     * very same member array, or anything for the same one session (a welcome, a reply, a replay),
     * bounded like a pass, so that posts that keep coming cannot hold the others back.
     */
    private static boolean joins(Item first, Item next, int size) {
        if (first.to.length > 1) {
            return next.to == first.to && first.delivery.event() instanceof Event.RoomEvent
                    && next.delivery.event() instanceof Event.RoomEvent;
        }
        return first.to.length == 1 && next.to.length == 1 && next.to[0] == first.to[0] && size < FLUSH_EVERY;
    }

    private void flushDirty() {
        for (S s : dirty) {
            s.wire().flush();
            if (!s.judging && overLimit(s)) {
                // Not cut off yet: io_uring has only handed the write to the kernel here, and takes a
                // large backlog one write per loop turn, so bytes a reading peer is about to get still
                // count. Judged from the next turn on, by whether the peer takes anything.
                s.judging = true;
                watch(s);
                loop.schedule(() -> judge(s), 0, TimeUnit.NANOSECONDS);
            }
        }
        dirty.clear();
    }

    /** A closed channel is unwritable too; its inactive event does the rest. */
    private static boolean overLimit(ChannelSession s) {
        return s.isOpen() && !s.channel().isWritable() && s.channel().isActive();
    }

    private static long unsent(ChannelSession s) {
        ChannelOutboundBuffer out = s.channel().unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    private static void watch(ChannelSession s) {
        s.unsentAtJudge = unsent(s);
        s.unsentAdded = 0;
    }

    /**
     * A member over the output limit is cut off when the kernel took none of its backlog since the
     * last look: the peer does not read. One still taking is looked at again {@link #JUDGE_MILLIS}
     * later, until it is under the limit, and cut off all the same once {@link #ceiling} waits: a peer
     * that reads a little but never catches up must not hold the server's memory without bound. Taken
     * bytes are undercounted by frame headers, so a peer taking only a few bytes counts as taking none.
     * A task scheduled in a loop's task turn runs in the next one, so the first look comes after one
     * I/O turn (and writes completed in it).
     */
    private void judge(S s) {
        if (!overLimit(s)) {
            s.judging = false;
            return;
        }
        long unsent = unsent(s);
        long taken = s.unsentAtJudge + s.unsentAdded - unsent;
        if (taken <= 0 || unsent > ceiling) {
            s.judging = false;
            cutOff(s);
            return;
        }
        watch(s);
        loop.schedule(() -> judge(s), JUDGE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void cutOff(S s) {
        s.closeOutput();
        s.closedBy(Event.Departure.KICKED_SLOW, "output queue over " + outboundLimit + " bytes");
        counters.trip(s.channel(), Limit.SLOW_CONSUMER, outboundLimit);
        // No goodbye: it would queue behind the backlog that is the problem.
        s.channel().close();
    }
}
