package sori.irc;

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
 * The IRC side of the fan-out path. A run of room events is encoded once per client shape (which of
 * server-time, message-tags, account-tag and extended-join it has: {@link IrcCodec#shape}) and members
 * whose view of it is the common one get a retained duplicate of that buffer; a member for whom one of the events is its own (an echo, its own part) gets a buffer of its
 * own. The handler's own replies ({@link #reply}) go through the same queue, so they stay in order with
 * what the Hub posted before them.
 */
final class IrcMailbox extends Outbox<IrcSession> {

    /** Marks a delivery that is a reply of the handler, not a Hub event (compared by identity). */
    private static final Event REPLY = Event.Notice.of("irc.reply");

    /** A reply's bytes, and the channel whose held replay follows them (or null). */
    private record Reply(byte[] bytes, String release) {}

    private final IrcCodec codec;

    IrcMailbox(EventLoop loop, IrcCodec codec, ByteBufAllocator alloc, long outboundLimit, LimitCounters counters) {
        super(loop, alloc, outboundLimit, counters);
        this.codec = codec;
    }

    /** Sends {@code lines} to {@code s} after everything posted to it before; then {@code release}'s held replay. */
    void reply(IrcSession s, List<IrcMessage> lines, String release) {
        Delivery d = new Delivery(REPLY);
        byte[] bytes = lines.isEmpty() ? new byte[0] : IrcCodec.bytes(lines, -1);
        d.encoded(IrcCodec.PLAIN, e -> new Reply(bytes, release));
        post(d, new Session[] {s});
    }

    void reply(IrcSession s, IrcMessage... lines) {
        reply(s, List.of(lines), null);
    }

    @Override
    protected void deliver(List<Delivery> run, Session[] to) {
        if (to.length == 1) {
            IrcSession s = (IrcSession) to[0];
            for (Delivery d : run) {
                deliverOne(s, d);
            }
            return;
        }
        // The run's bytes per client shape, for members who see all of it in the common form; shape 0
        // (no tag capabilities) has its own variable, so that such members cost no array.
        ByteBuf plain = null;
        ByteBuf[] shaped = null;
        Object[] views = new Object[run.size()];
        try {
            for (Session member : to) {
                IrcSession s = (IrcSession) member;
                if (!s.isOpen()) {
                    continue;
                }
                boolean allShared = true;
                for (int i = 0; i < views.length; i++) {
                    views[i] = s.view(run.get(i));
                    allShared &= views[i] == IrcSession.SHARED;
                }
                int shape = s.shape();
                if (allShared) {
                    ByteBuf buf;
                    if (shape == 0) {
                        buf = plain == null ? (plain = concat(run, 0, s)) : plain;
                    } else {
                        if (shaped == null) {
                            shaped = new ByteBuf[IrcCodec.SHAPES];
                        }
                        buf = shaped[shape] == null ? (shaped[shape] = concat(run, shape, s)) : shaped[shape];
                    }
                    write(s, buf.retainedDuplicate());
                    continue;
                }
                ByteBuf own = alloc.directBuffer();
                for (int i = 0; i < views.length; i++) {
                    if (views[i] == IrcSession.SHARED) {
                        own.writeBytes(shared(run.get(i), shape, s));
                    } else if (views[i] instanceof byte[] b) {
                        own.writeBytes(b);
                    }
                }
                if (own.isReadable()) {
                    write(s, own);
                } else {
                    own.release();
                }
            }
        } finally {
            if (plain != null) {
                plain.release();
            }
            if (shaped != null) {
                for (ByteBuf b : shaped) {
                    if (b != null) {
                        b.release();
                    }
                }
            }
        }
    }

    /**
     * The common form of a room event for a client of {@code shape} ({@code s} is one, asked for real
     * names), encoded once per delivery and shape: shape 0 in {@link IrcCodec#PLAIN}, the rest in the
     * delivery's {@link IrcForms}.
     */
    private byte[] shared(Delivery d, int shape, IrcSession s) {
        Event.RoomEvent re = (Event.RoomEvent) d.event();
        int sh = IrcCodec.shapeFor(re, shape);
        if (sh == 0) {
            return d.encoded(IrcCodec.PLAIN, e -> codec.encode(re, 0, null));
        }
        return IrcForms.of(d).get(sh, x -> codec.encode(re, x, s::realnameOf));
    }

    private ByteBuf concat(List<Delivery> run, int shape, IrcSession s) {
        byte[][] parts = new byte[run.size()][];
        int size = 0;
        for (int i = 0; i < parts.length; i++) {
            parts[i] = shared(run.get(i), shape, s);
            size += parts[i].length;
        }
        ByteBuf buf = alloc.directBuffer(size);
        for (byte[] p : parts) {
            buf.writeBytes(p);
        }
        return buf;
    }

    private void deliverOne(IrcSession s, Delivery d) {
        if (!s.isOpen()) {
            return;
        }
        if (d.event() == REPLY) {
            Reply r = d.encoded(IrcCodec.PLAIN, e -> null);
            if (r.bytes().length > 0) {
                write(s, alloc.directBuffer(r.bytes().length).writeBytes(r.bytes()));
            }
            if (r.release() != null) {
                for (byte[] b : s.release(r.release())) {
                    write(s, alloc.directBuffer(b.length).writeBytes(b));
                }
            }
            return;
        }
        Object v = s.view(d);
        byte[] bytes = v == IrcSession.SHARED ? shared(d, s.shape(), s) : (byte[]) v;
        if (bytes == null) {
            return;
        }
        ByteBuf buf = alloc.directBuffer(bytes.length).writeBytes(bytes);
        if (d.event() instanceof Event.Goodbye) {
            writeLast(s, buf, null);
        } else {
            write(s, buf);
        }
    }
}
