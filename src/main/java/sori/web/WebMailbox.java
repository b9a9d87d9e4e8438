package sori.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.internal.PlatformDependent;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sori.chat.Delivery;
import sori.chat.Event;
import sori.chat.Mailbox;
import sori.chat.Session;

/**
 * The fan-out hot path for WebSocket sessions, one per event loop, cut like {@code sori.line}'s: posts
 * are queued lock-free in order and drained by one task on the loop. Each event is encoded to JSON
 * once (in the delivery's {@link WebCodec#SLOT}), copied into one direct buffer, and every member gets
 * a text frame over a retained duplicate of it; each member is flushed once per pass. A member whose
 * channel is still unwritable after a flush is not reading, and is cut off.
 */
final class WebMailbox implements Mailbox {

    private static final Logger log = LoggerFactory.getLogger(WebMailbox.class);
    /** Items handled before flushing anyway, so a long backlog does not delay everybody's first bytes. */
    private static final int FLUSH_EVERY = 1024;

    private final EventLoop loop;
    private final WebCodec codec;
    private final ByteBufAllocator alloc;
    private final long outboundLimit;
    private final Queue<Item> queue = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    private final List<WebSession> dirty = new ArrayList<>();
    private long pass;

    private record Item(Delivery delivery, Session[] to) {}

    WebMailbox(EventLoop loop, WebCodec codec, ByteBufAllocator alloc, long outboundLimit) {
        this.loop = loop;
        this.codec = codec;
        this.alloc = alloc;
        this.outboundLimit = outboundLimit;
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
        Item it;
        while ((it = queue.poll()) != null) {
            deliver(it);
            if (++handled >= FLUSH_EVERY) {
                flushDirty();
                handled = 0;
                pass++;
            }
        }
        flushDirty();
    }

    private void deliver(Item it) {
        boolean goodbye = it.delivery.event() instanceof Event.Goodbye;
        ByteBuf json = null;
        try {
            for (Session s : it.to) {
                WebSession ws = (WebSession) s;
                if (!ws.open) {
                    continue;
                }
                if (json == null) {
                    byte[] bytes = it.delivery.encoded(WebCodec.SLOT, codec::encode);
                    json = alloc.directBuffer(bytes.length).writeBytes(bytes);
                }
                ws.channel.write(new TextWebSocketFrame(json.retainedDuplicate()), ws.channel.voidPromise());
                if (goodbye) {
                    // Last words, then a close frame; the channel closes once the close frame is out.
                    ws.open = false;
                    ws.channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                            .addListener(ChannelFutureListener.CLOSE);
                } else {
                    markDirty(ws);
                }
            }
        } finally {
            if (json != null) {
                json.release();
            }
        }
    }

    private void markDirty(WebSession ws) {
        if (ws.dirtyPass != pass) {
            ws.dirtyPass = pass;
            dirty.add(ws);
        }
    }

    private void flushDirty() {
        for (WebSession ws : dirty) {
            ws.channel.flush();
            // Still unwritable after a flush: more than the limit is waiting on a peer that does not read.
            // (A closed channel is unwritable too; its inactive event does the rest.)
            if (ws.open && !ws.channel.isWritable() && ws.channel.isActive()) {
                cutOff(ws);
            }
        }
        dirty.clear();
    }

    private void cutOff(WebSession ws) {
        ws.open = false;
        ws.closedBy = Event.Departure.KICKED_SLOW;
        ws.closeReason = "output queue over " + outboundLimit + " bytes";
        log.warn("{} cut off: {}", ws.user, ws.closeReason);
        // No close frame: it would queue behind the backlog that is the problem.
        ws.channel.close();
    }
}
