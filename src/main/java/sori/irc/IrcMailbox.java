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
    /** Marks the start of a labeled response (its label in the PLAIN slot), and its end. */
    private static final Event LABEL = Event.Notice.of("irc.label");
    private static final Event LABEL_END = Event.Notice.of("irc.label.end");

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
        byte[] bytes = lines.isEmpty() ? new byte[0] : IrcCodec.bytes(lines);
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
        String[] speakers = speakers(run);
        try {
            for (Session member : to) {
                IrcSession s = (IrcSession) member;
                if (!s.isOpen()) {
                    continue;
                }
                // Lines said by others: everyone else's view is the common one and changes nothing, so
                // views[] is only filled (and read) for a member who said one of them, or for other events.
                boolean allShared = true;
                if (speakers == null || speaks(s, speakers)) {
                    for (int i = 0; i < views.length; i++) {
                        views[i] = s.view(run.get(i));
                        allShared &= views[i] == IrcSession.SHARED;
                    }
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
                    out(s, buf.retainedDuplicate());
                    continue;
                }
                ByteBuf own = alloc.directBuffer();
                for (int i = 0; i < views.length; i++) {
                    if (views[i] == IrcSession.SHARED) {
                        own.writeBytes(shared(run.get(i), shape, s));
                    } else if (views[i] instanceof byte[] b) {
                        own.writeBytes(b);
                    } else if (views[i] instanceof IrcSession.Twice t) {
                        own.writeBytes(t.echo()).writeBytes(t.receipt());
                    }
                }
                if (own.isReadable()) {
                    out(s, own);
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
     * The names that said the run's lines, when it is only lines said ({@link Event.Said}, {@link Event.Action}):
     * a member who is none of them sees all of it in the common form, which {@link IrcSession#view} would
     * find one event at a time. Null for a run with anything else in it. A run is one room's events between
     * two drains, so it has few speakers however many members read it.
     */
    private static String[] speakers(List<Delivery> run) {
        String[] names = new String[run.size()];
        int n = 0;
        for (Delivery d : run) {
            String name;
            if (d.event() instanceof Event.Said said) {
                name = said.name();
            } else if (d.event() instanceof Event.Action action) {
                name = action.name();
            } else {
                return null;
            }
            boolean seen = false;
            for (int i = 0; i < n && !seen; i++) {
                seen = names[i].equals(name);
            }
            if (!seen) {
                names[n++] = name;
            }
        }
        return java.util.Arrays.copyOf(names, n);
    }

    private static boolean speaks(IrcSession s, String[] speakers) {
        for (String name : speakers) {
            if (s.isMe(name)) {
                return true;
            }
        }
        return false;
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

    /**
     * Opens a labeled response ({@code labeled-response}): what {@code s} is sent from here to
     * {@link #labelEnd} (the replies and Hub events of the command that carried {@code label}, posted in
     * order behind it) is held back, then sent labeled: one line with a {@code label} tag, several in a
     * {@code labeled-response} batch, none as an ACK.
     */
    void labelStart(IrcSession s, String label) {
        Delivery d = new Delivery(LABEL);
        d.encoded(IrcCodec.PLAIN, e -> label);
        post(d, new Session[] {s});
    }

    /** Closes what {@link #labelStart} opened, sending the labeled response. */
    void labelEnd(IrcSession s) {
        post(new Delivery(LABEL_END), new Session[] {s});
    }

    /** Writes {@code buf} to {@code s}, or keeps its bytes for the labeled response being gathered. */
    private void out(IrcSession s, ByteBuf buf) {
        if (s.labelled == null) {
            write(s, buf);
            return;
        }
        byte[] b = new byte[buf.readableBytes()];
        buf.readBytes(b);
        buf.release();
        s.labelled.writeBytes(b);
    }

    private void out(IrcSession s, byte[] b) {
        if (s.labelled == null) {
            write(s, alloc.directBuffer(b.length).writeBytes(b));
        } else {
            s.labelled.writeBytes(b);
        }
    }

    /** The labeled response for what was gathered since {@link #labelStart}. */
    private void labelled(IrcSession s) {
        java.io.ByteArrayOutputStream gathered = s.labelled;
        String label = s.label;
        s.labelled = null;
        s.label = null;
        if (gathered == null) {
            return;
        }
        String text = gathered.toString(java.nio.charset.StandardCharsets.UTF_8);
        List<String> lines = new java.util.ArrayList<>();
        for (int at = 0; at < text.length(); ) {
            int end = text.indexOf("\r\n", at);
            if (end < 0) {
                end = text.length();
            }
            if (end > at) {
                lines.add(text.substring(at, end));
            }
            at = end + 2;
        }
        String tag = "label=" + IrcMessage.escape(label);
        StringBuilder b = new StringBuilder(text.length() + 64);
        if (lines.isEmpty()) {
            b.append('@').append(tag).append(" :").append(codec.server()).append(" ACK\r\n");
        } else if (lines.size() == 1 || oneBatch(lines)) {
            // One line, or one batch (a multiline message's echo): the label goes on it, or on its start.
            b.append(withTag(lines.get(0), tag)).append("\r\n");
            for (String line : lines.subList(1, lines.size())) {
                b.append(line).append("\r\n");
            }
        } else if (s.has("batch")) {
            String id = IrcIds.batch();
            b.append('@').append(tag).append(" :").append(codec.server()).append(" BATCH +").append(id)
                    .append(" labeled-response\r\n");
            for (String line : lines) {
                b.append(withTag(line, "batch=" + id)).append("\r\n");
            }
            b.append(':').append(codec.server()).append(" BATCH -").append(id).append("\r\n");
        } else {
            b.append(text); // several lines and no batch to put them in: as they are, unlabeled
        }
        out(s, b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** True when {@code lines} are one batch: its BATCH start, lines, and its end last. */
    private static boolean oneBatch(List<String> lines) {
        java.util.regex.Matcher start = BATCH_START.matcher(lines.get(0));
        return start.matches() && lines.get(lines.size() - 1).matches("(@\\S+ )?:\\S+ BATCH -"
                + java.util.regex.Pattern.quote(start.group(1)));
    }

    private static final java.util.regex.Pattern BATCH_START =
            java.util.regex.Pattern.compile("(?:@\\S+ )?:\\S+ BATCH \\+(\\S+) .*");

    /** {@code line} with {@code tag} added first to its tags. */
    static String withTag(String line, String tag) {
        return line.startsWith("@") ? "@" + tag + ";" + line.substring(1) : "@" + tag + " " + line;
    }

    private void deliverOne(IrcSession s, Delivery d) {
        if (!s.isOpen()) {
            return;
        }
        if (d.event() == LABEL) {
            s.label = d.encoded(IrcCodec.PLAIN, e -> null);
            s.labelled = new java.io.ByteArrayOutputStream();
            return;
        }
        if (d.event() == LABEL_END) {
            labelled(s);
            return;
        }
        if (d.event() == REPLY) {
            Reply r = d.encoded(IrcCodec.PLAIN, e -> null);
            if (r.bytes().length > 0) {
                out(s, r.bytes());
            }
            if (r.release() != null) {
                for (byte[] b : s.release(r.release())) {
                    out(s, b);
                }
            }
            return;
        }
        Object v = s.view(d);
        if (v instanceof IrcSession.Twice t) {
            out(s, t.echo());
            write(s, alloc.directBuffer(t.receipt().length).writeBytes(t.receipt())); // never labeled
            return;
        }
        byte[] bytes = v == IrcSession.SHARED ? shared(d, s.shape(), s) : (byte[]) v;
        if (bytes == null) {
            return;
        }
        ByteBuf buf = alloc.directBuffer(bytes.length).writeBytes(bytes);
        if (d.event() instanceof Event.Goodbye) {
            if (s.labelled != null) { // closing in the middle of a labeled response: what there is, unlabeled
                byte[] gathered = s.labelled.toByteArray();
                s.labelled = null;
                write(s, alloc.directBuffer(gathered.length).writeBytes(gathered));
            }
            writeLast(s, buf, null);
        } else {
            out(s, buf);
        }
    }
}
