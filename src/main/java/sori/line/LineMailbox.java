package sori.line;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import java.util.List;
import sori.chat.Delivery;
import sori.chat.Event;
import sori.chat.Session;
import sori.net.LimitCounters;
import sori.net.Outbox;

/**
 * The plain-text side of the fan-out path. A run of room events becomes at most two buffers, each
 * event encoded once: as is, for members talking in that room, and with {@code #room} in front, for
 * members whose current room is another. Every member gets a retained duplicate of one of them.
 */
final class LineMailbox extends Outbox<LineSession> {

    private final LineCodec codec;

    LineMailbox(EventLoop loop, LineCodec codec, ByteBufAllocator alloc, long outboundLimit, LimitCounters counters) {
        super(loop, alloc, outboundLimit, counters);
        this.codec = codec;
    }

    @Override
    protected void deliver(List<Delivery> run, Session[] to) {
        if (to.length == 1) {
            for (Delivery d : run) {
                deliverOne((LineSession) to[0], d.event());
            }
            return;
        }
        ByteBuf plain = null;
        ByteBuf prefixed = null;
        String room = ((Event.RoomEvent) run.get(0).event()).room();
        try {
            for (Session s : to) {
                LineSession ls = (LineSession) s;
                if (!ls.isOpen()) {
                    continue;
                }
                ByteBuf buf;
                if (room.equals(ls.viewRoom)) {
                    buf = plain == null ? (plain = concat(run, LineCodec.PLAIN)) : plain;
                } else {
                    buf = prefixed == null ? (prefixed = concat(run, LineCodec.PREFIXED)) : prefixed;
                }
                write(ls, buf.retainedDuplicate());
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

    private ByteBuf concat(List<Delivery> run, int slot) {
        boolean prefix = slot == LineCodec.PREFIXED;
        int size = 0;
        byte[][] parts = new byte[run.size()][];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = run.get(i).encoded(slot, e -> codec.encode(e, prefix));
            size += parts[i].length;
        }
        ByteBuf buf = alloc.directBuffer(size);
        for (byte[] part : parts) {
            buf.writeBytes(part);
        }
        return buf;
    }

    private void deliverOne(LineSession ls, Event e) {
        if (!ls.isOpen()) {
            return;
        }
        if (e instanceof Event.Switched sw) {
            ls.viewRoom = sw.room();
            if (!sw.announce()) {
                return;
            }
        }
        byte[] bytes = codec.encode(e, LineCodec.needsPrefix(e, ls.viewRoom));
        if (bytes == null) {
            return;
        }
        ByteBuf buf = alloc.directBuffer(bytes.length).writeBytes(bytes);
        if (e instanceof Event.Goodbye) {
            writeLast(ls, buf, null);
        } else {
            write(ls, buf);
        }
    }
}
