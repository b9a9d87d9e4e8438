package sori.line;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import java.util.List;
import sori.chat.Delivery;
import sori.chat.Event;
import sori.chat.Session;
import sori.chat.User;
import sori.net.LimitCounters;
import sori.net.Outbox;

/**
 * The plain-text side of the fan-out path. A run of room events becomes at most two buffers per
 * language its members read, each event encoded once for each: as is, for members talking in that
 * room, and with {@code #room} in front, for members whose current room is another. A run of chat
 * lines reads the same in every language, so it is encoded once for all. Every member gets a retained
 * duplicate of one of the buffers.
 */
final class LineMailbox extends Outbox<LineSession> {

    /** One per language, by {@link sori.chat.Texts#index}. */
    private final LineCodec[] codecs;
    private final int serverLanguage;

    LineMailbox(EventLoop loop, LineCodec[] codecs, int serverLanguage, ByteBufAllocator alloc, long outboundLimit,
            LimitCounters counters) {
        super(loop, alloc, outboundLimit, counters);
        this.codecs = codecs;
        this.serverLanguage = serverLanguage;
    }

    /** Every session in {@code codec}'s language (tests, benchmarks). */
    LineMailbox(EventLoop loop, LineCodec codec, ByteBufAllocator alloc, long outboundLimit, LimitCounters counters) {
        this(loop, inEveryLanguage(codec, LineCodec[]::new), 0, alloc, outboundLimit, counters);
    }

    private int language(LineSession ls) {
        User u = ls.user();
        return u == null ? serverLanguage : u.texts().index();
    }

    @Override
    protected void deliver(List<Delivery> run, Session[] to) {
        if (to.length == 1) {
            deliverAll((LineSession) to[0], run);
            return;
        }
        // [form * languages + language]; a run that reads the same in every language uses language 0 only.
        ByteBuf[] bufs = new ByteBuf[2 * codecs.length];
        boolean same = sameInEvery(run);
        String room = ((Event.RoomEvent) run.get(0).event()).room();
        try {
            for (Session s : to) {
                LineSession ls = (LineSession) s;
                if (!ls.isOpen()) {
                    continue;
                }
                int slot = room.equals(ls.viewRoom) ? LineCodec.PLAIN : LineCodec.PREFIXED;
                int lang = same ? 0 : language(ls);
                int i = slot * codecs.length + lang;
                if (bufs[i] == null) {
                    bufs[i] = concat(run, slot, lang);
                }
                write(ls, bufs[i].retainedDuplicate());
            }
        } finally {
            for (ByteBuf b : bufs) {
                if (b != null) {
                    b.release();
                }
            }
        }
    }

    private static boolean sameInEvery(List<Delivery> run) {
        for (Delivery d : run) {
            if (!LineCodec.sameInEvery(d.event())) {
                return false;
            }
        }
        return true;
    }

    private ByteBuf concat(List<Delivery> run, int slot, int lang) {
        boolean prefix = slot == LineCodec.PREFIXED;
        int size = 0;
        byte[][] parts = new byte[run.size()][];
        for (int i = 0; i < parts.length; i++) {
            Delivery d = run.get(i);
            int form = LineCodec.sameInEvery(d.event()) ? 0 : lang;
            parts[i] = d.encoded(slot, form, e -> codecs[form].encode(e, prefix));
            size += parts[i].length;
        }
        return join(parts, parts.length, size);
    }

    /** The first {@code n} of {@code parts}, {@code size} bytes in all, in one buffer. */
    private ByteBuf join(byte[][] parts, int n, int size) {
        ByteBuf buf = alloc.directBuffer(size);
        for (int i = 0; i < n; i++) {
            buf.writeBytes(parts[i]);
        }
        return buf;
    }

    /**
     * A run for one session (a welcome, a reply, a history replay), as one buffer: one write, and one
     * entry in the channel's outbound buffer and in io_uring's record of it, whose array keeps the size of
     * the largest write a connection ever made (a welcome of twenty lines kept 100 bytes per connection).
     * A goodbye goes last, on its own, and the channel closes after it.
     */
    private void deliverAll(LineSession ls, List<Delivery> run) {
        byte[][] parts = new byte[run.size()][];
        int n = 0;
        int size = 0;
        for (Delivery d : run) {
            if (!ls.isOpen()) {
                return;
            }
            Event e = d.event();
            if (e instanceof Event.Switched sw) {
                ls.viewRoom = sw.room();
                if (!sw.announce()) {
                    continue;
                }
            }
            byte[] bytes = codecs[language(ls)].encode(e, LineCodec.needsPrefix(e, ls.viewRoom));
            if (bytes == null) {
                continue;
            }
            if (e instanceof Event.Goodbye) {
                write(ls, parts, n, size);
                n = 0;
                size = 0;
                writeLast(ls, alloc.directBuffer(bytes.length).writeBytes(bytes), null);
            } else {
                parts[n++] = bytes;
                size += bytes.length;
            }
        }
        write(ls, parts, n, size);
    }

    private void write(LineSession ls, byte[][] parts, int n, int size) {
        if (n == 0 || !ls.isOpen()) {
            return;
        }
        write(ls, join(parts, n, size), n);
    }
}
