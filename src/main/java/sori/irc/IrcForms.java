package sori.irc;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;
import sori.chat.Delivery;

/**
 * What one delivery looks like on IRC beyond its plain form ({@link IrcCodec#PLAIN}): its bytes per
 * client shape ({@link IrcCodec#SHAPES}), each made on first use and then shared by every client of
 * that shape, and a private message's msgid, the same for its recipient and its sender's echo. Held in
 * the delivery's {@link IrcCodec#SHAPED} slot, made only when a client with tag capabilities gets it.
 */
final class IrcForms {

    private final AtomicReferenceArray<byte[]> shapes = new AtomicReferenceArray<>(IrcCodec.SHAPES);
    private volatile String msgid;

    /** The forms of {@code d}, made on first use. */
    static IrcForms of(Delivery d) {
        return d.encoded(IrcCodec.SHAPED, e -> new IrcForms());
    }

    /** The bytes for {@code shape}, encoded on first use; two threads may race, one result is kept. */
    byte[] get(int shape, IntFunction<byte[]> encode) {
        byte[] b = shapes.get(shape);
        if (b == null) {
            b = encode.apply(shape);
            if (!shapes.compareAndSet(shape, null, b)) {
                b = shapes.get(shape);
            }
        }
        return b;
    }

    /** The msgid of the private message {@code p} this delivery carries: made from it, as CHATHISTORY makes it again. */
    String privateId(sori.chat.Event.Private p) {
        String id = msgid;
        if (id == null) {
            synchronized (this) {
                id = msgid;
                if (id == null) {
                    msgid = id = IrcIds.privateMessage(p);
                }
            }
        }
        return id;
    }

    /**
     * The msgid of the tags without text (TAGMSG) this delivery carries: made from them when they are kept
     * (as CHATHISTORY makes it again), else unique to this delivery.
     */
    String privateId(sori.chat.Event.Tagged t) {
        String id = msgid;
        if (id == null) {
            synchronized (this) {
                id = msgid;
                if (id == null) {
                    msgid = id = t.kept() ? IrcIds.privateTags(t) : IrcIds.privateMessage(t.time());
                }
            }
        }
        return id;
    }
}
