package sori.line;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.internal.PlatformDependent;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import sori.chat.Delivery;
import sori.chat.Event;
import sori.chat.Mailbox;
import sori.chat.Session;
import sori.net.Limit;
import sori.net.LimitCounters;

/**
 * The fan-out hot path for plain-text sessions: one per event loop. Posts are queued (lock-free,
 * in order) and drained by one task on the loop, which encodes each event once, concatenates runs of
 * events for the same members into one buffer, hands every member a retained duplicate of it, and
 * flushes each member once per pass, so a busy room costs one write and one system call per member
 * per loop turn instead of one per message. A member whose unsent output passes the limit is cut off.
 */
final class LineMailbox implements Mailbox {

    /** Items handled before flushing anyway, so a long backlog does not delay everybody's first bytes. */
    private static final int FLUSH_EVERY = 1024;

    private final EventLoop loop;
    private final LineCodec codec;
    private final ByteBufAllocator alloc;
    private final long outboundLimit;
    private final LimitCounters counters;
    private final Queue<Item> queue = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    private final List<LineSession> dirty = new ArrayList<>();
    private final List<Item> run = new ArrayList<>();
    private long pass;

    private record Item(Delivery delivery, Session[] to) {}

    LineMailbox(EventLoop loop, LineCodec codec, ByteBufAllocator alloc, long outboundLimit, LimitCounters counters) {
        this.loop = loop;
        this.codec = codec;
        this.alloc = alloc;
        this.outboundLimit = outboundLimit;
        this.counters = counters;
    }

    @Override
    public void post(Delivery delivery, Session[] to) {
        queue.offer(new Item(delivery, to));
        if (scheduled.compareAndSet(false, true)) {
            loop.execute(drainTask);
        }
    }

    private void drain() {
        // Clear first: a post racing with the end of this pass schedules another, so nothing is stranded.
        scheduled.set(false);
        pass++;
        int handled = 0;
        Item next = queue.poll();
        while (next != null) {
            run.add(next);
            Item first = next;
            next = queue.poll();
            // A run: consecutive room events for the very same member array (same room, same members).
            while (next != null && next.to == first.to && first.to.length > 1
                    && next.delivery.event() instanceof Event.RoomEvent) {
                run.add(next);
                next = queue.poll();
            }
            handled += run.size();
            deliver(run);
            run.clear();
            if (handled >= FLUSH_EVERY) {
                flushDirty();
                handled = 0;
                pass++;
            }
        }
        flushDirty();
    }

    private void deliver(List<Item> items) {
        Session[] to = items.get(0).to;
        if (to.length == 1 || !(items.get(0).delivery.event() instanceof Event.RoomEvent)) {
            for (Item it : items) {
                for (Session s : it.to) {
                    deliverOne((LineSession) s, it.delivery);
                }
            }
            return;
        }
        ByteBuf plain = null;
        ByteBuf prefixed = null;
        String room = ((Event.RoomEvent) items.get(0).delivery.event()).room();
        try {
            for (Session s : to) {
                LineSession ls = (LineSession) s;
                if (!ls.open) {
                    continue;
                }
                ByteBuf buf;
                if (room.equals(ls.currentRoom())) {
                    buf = plain == null ? (plain = concat(items, LineCodec.PLAIN)) : plain;
                } else {
                    buf = prefixed == null ? (prefixed = concat(items, LineCodec.PREFIXED)) : prefixed;
                }
                ls.channel.write(buf.retainedDuplicate(), ls.channel.voidPromise());
                markDirty(ls);
            }
        } finally {
            if (plain != null) {
                plain.release();
            }
            if (prefixed != null) {
                prefixed.release();
            }
        }
    }

    private ByteBuf concat(List<Item> items, int slot) {
        boolean prefix = slot == LineCodec.PREFIXED;
        int size = 0;
        byte[][] parts = new byte[items.size()][];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = items.get(i).delivery.encoded(slot, e -> codec.encode(e, prefix));
            size += parts[i].length;
        }
        ByteBuf buf = alloc.directBuffer(size);
        for (byte[] part : parts) {
            buf.writeBytes(part);
        }
        return buf;
    }

    private void deliverOne(LineSession ls, Delivery d) {
        if (!ls.open) {
            return;
        }
        Event e = d.event();
        if (e instanceof Event.Switched sw) {
            ls.viewRoom = sw.room();
            if (!sw.announce()) {
                return;
            }
        }
        byte[] bytes = codec.encode(e, LineCodec.needsPrefix(e, ls.currentRoom()));
        ByteBuf buf = alloc.directBuffer(bytes.length).writeBytes(bytes);
        if (e instanceof Event.Goodbye) {
            ls.open = false;
            ls.channel.writeAndFlush(buf).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ls.channel.write(buf, ls.channel.voidPromise());
        markDirty(ls);
    }

    private void markDirty(LineSession ls) {
        if (ls.dirtyPass != pass) {
            ls.dirtyPass = pass;
            dirty.add(ls);
        }
    }

    private void flushDirty() {
        for (LineSession ls : dirty) {
            ls.channel.flush();
            // Still unwritable after a flush: more than the limit is waiting on a peer that does not read.
            if (ls.open && !ls.channel.isWritable() && ls.channel.isActive()) {
                cutOff(ls);
            }
        }
        dirty.clear();
    }

    private void cutOff(LineSession ls) {
        ls.open = false;
        ls.closedBy = Event.Departure.KICKED_SLOW;
        ls.closeReason = "output queue over " + outboundLimit + " bytes";
        counters.trip(ls.channel, Limit.SLOW_CONSUMER, outboundLimit);
        ls.channel.close();
    }
}
