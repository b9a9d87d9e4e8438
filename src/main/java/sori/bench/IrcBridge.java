package sori.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Speaks IRC for the {@link LineClientHandler} behind it, so the scenarios run unchanged against any IRC
 * server (sori's IRC port, or another server such as ngircd). Registration: {@code CAP LS 302}, {@code NICK},
 * {@code USER}; {@code echo-message} is requested when offered, then {@code CAP END}; on {@code 001} it sends
 * {@code JOIN #lobby}, and the {@code 366} that ends that channel's names counts as registered. {@code 432},
 * {@code 433}, {@code 465} and {@code ERROR} before that refuse the name.
 *
 * <p>Afterwards each {@code PRIVMSG}'s text goes to the handler as a byte range of the line, found in place;
 * {@code PING} is answered. Each line the handler writes leaves as {@code PRIVMSG #lobby :<line>}. A line
 * protocol's sender reads its own line back, and the fan-out window counts on that; without
 * {@code echo-message} the bridge follows each message with {@code PING :<text>} and hands the {@code PONG}'s
 * text to the handler as the sender's copy. A server that answers a PING after it has handled the PRIVMSG
 * before it (ngircd writes a message to every member before it reads the next command) then keeps the same
 * window of messages in flight.
 */
final class IrcBridge extends ByteToMessageDecoder {
    /** The channel every generator connection joins: sori's {@code lobby}. */
    static final String CHANNEL = "#lobby";
    /** IRC's line limit, CR LF included; longer lines are skipped. */
    static final int MAX_LINE = 512 + 8191;
    /**
     * Longest {@code --size} over IRC: 512 bytes less {@code :nick!user@host PRIVMSG #lobby :} and CR LF,
     * with room for a long host.
     */
    static final int MAX_SIZE = 400;

    private static final byte[] PRIVMSG = bytes("PRIVMSG");
    private static final byte[] PONG = bytes("PONG");
    private static final byte[] PING = bytes("PING");
    private static final byte[] SAY = bytes("PRIVMSG " + CHANNEL + " :");
    private static final byte[] ECHO = bytes("PING :");
    private static final byte[] CRLF = bytes("\r\n");
    private static final long PRIVMSG_SP = word("PRIVMSG ");
    private static final long CHANNEL_TEXT = word(CHANNEL + " :");

    private final LineClientHandler client;
    private boolean registered;
    private boolean joined;
    private boolean echoMessage;
    private boolean offersEcho;
    private boolean capDone;
    private boolean discarding;
    // Where the current line's command and trailing parameter lie; set by parse().
    private int cmdStart;
    private int cmdEnd;
    private int textStart;

    IrcBridge(LineClientHandler client) {
        this.client = client;
    }

    /** Adds the bridge in front of {@code client}, after TLS if there is any. */
    static void addTo(ChannelPipeline p, LineClientHandler client) {
        IrcBridge bridge = new IrcBridge(client);
        // The bridge's own replies start at "irc" and so pass "irc-out", after it, untouched.
        p.addLast("irc", bridge);
        p.addLast("irc-out", bridge.new Out());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class) == null) {
            greet(ctx);
        }
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof io.netty.handler.ssl.SslHandshakeCompletionEvent e && e.isSuccess()) {
            greet(ctx);
        }
        super.userEventTriggered(ctx, evt);
    }

    private void greet(ChannelHandlerContext ctx) {
        String nick = client.name();
        send(ctx, "CAP LS 302\r\nNICK " + nick + "\r\nUSER " + nick + " 0 * :sori bench\r\n");
    }

    private static void send(ChannelHandlerContext ctx, String lines) {
        byte[] b = lines.getBytes(StandardCharsets.UTF_8);
        ctx.writeAndFlush(ctx.alloc().buffer(b.length).writeBytes(b));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int end = in.writerIndex();
        int start = in.readerIndex();
        int lf;
        while (start < end && (lf = in.indexOf(start, end, (byte) '\n')) >= 0) {
            if (discarding) {
                discarding = false;
            } else {
                int to = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
                if (registered) {
                    line(ctx, in, start, to);
                } else {
                    registering(ctx, in, start, to);
                }
            }
            start = lf + 1;
        }
        in.readerIndex(Math.min(start, end));
        if (in.readableBytes() > MAX_LINE) {
            in.skipBytes(in.readableBytes());
            discarding = true;
        }
    }

    /** The hot path: a PRIVMSG's (or an echo PONG's) text to the handler; PING answered; the rest dropped. */
    private void line(ChannelHandlerContext ctx, ByteBuf in, int from, int to) {
        int text = channelText(in, from, to);
        if (text >= 0) {
            client.deliver(in, text, to - text);
            return;
        }
        if (!parse(in, from, to)) {
            return;
        }
        if (is(in, PRIVMSG) || (!echoMessage && is(in, PONG))) {
            if (textStart >= 0) {
                client.deliver(in, textStart, to - textStart);
            }
        } else if (is(in, PING)) {
            ctx.writeAndFlush(ctx.alloc().buffer(to - from + 2).writeBytes(PONG)
                    .writeBytes(in, cmdEnd, to - cmdEnd).writeBytes(CRLF));
        }
    }

    /**
     * Where the text of {@code :<source> PRIVMSG #lobby :<text>} starts, or -1 for any other line (which
     * {@link #parse} then reads in full). Nearly every line in a fan-out run has this shape, and the generator
     * shares the machine with the server it measures: one scan for the end of the source and two 8-byte
     * compares cost a fraction of a general parse, whose bytes a bridge to a line protocol would not read.
     */
    private static int channelText(ByteBuf in, int from, int to) {
        if (to - from < 2 + 2 * Long.BYTES || in.getByte(from) != ':') {
            return -1;
        }
        int space = in.indexOf(from + 1, to, (byte) ' ');
        if (space < 0 || to - space - 1 < 2 * Long.BYTES) {
            return -1;
        }
        int at = space + 1;
        if (in.getLong(at) != PRIVMSG_SP || in.getLong(at + Long.BYTES) != CHANNEL_TEXT) {
            return -1;
        }
        return at + 2 * Long.BYTES;
    }

    private static long word(String eight) {
        byte[] b = bytes(eight);
        if (b.length != Long.BYTES) {
            throw new IllegalArgumentException(eight);
        }
        long w = 0;
        for (byte x : b) {
            w = w << 8 | (x & 0xff); // big-endian, as ByteBuf.getLong reads
        }
        return w;
    }

    private void registering(ChannelHandlerContext ctx, ByteBuf in, int from, int to) {
        if (!parse(in, from, to)) {
            return;
        }
        String cmd = in.toString(cmdStart, cmdEnd - cmdStart, StandardCharsets.US_ASCII);
        String line = in.toString(from, to - from, StandardCharsets.UTF_8);
        switch (cmd) {
            case "CAP" -> cap(ctx, line);
            case "PING" -> send(ctx, "PONG" + line.substring(cmdEnd - from) + "\r\n");
            case "001" -> {
                capDone = true;
                send(ctx, "JOIN " + CHANNEL + "\r\n");
            }
            case "366" -> {
                if (!joined && line.contains(" " + CHANNEL + " ")) {
                    joined = true;
                    registered = true;
                    client.welcomed();
                }
            }
            case "432", "433", "436", "465", "403", "405", "471", "473", "474", "475", "ERROR" ->
                client.refused(line);
            default -> { }
        }
    }

    /** CAP LS (possibly over several lines), then CAP ACK or NAK of echo-message, ends with CAP END. */
    private void cap(ChannelHandlerContext ctx, String line) {
        String[] w = line.split(" ");
        int sub = line.startsWith(":") ? 3 : 2; // [:server] CAP <nick> <subcommand> ...
        if (capDone || w.length <= sub) {
            return;
        }
        String subcommand = w[sub];
        boolean more = w.length > sub + 1 && w[sub + 1].equals("*");
        // The list is the last parameter, which a server may send without a colon when it is one word
        // (sori's "CAP * ACK echo-message"): reading only " :..." took that ACK for an empty one, and the
        // generator fell back to a PING after every message.
        int last = more ? sub + 2 : sub + 1;
        int colon = line.indexOf(" :", line.indexOf(' ' + subcommand) + 1);
        String list = colon >= 0 ? line.substring(colon + 2) : w.length > last ? w[last] : "";
        if (subcommand.equals("LS")) {
            for (String cap : list.split(" ")) {
                if (cap.equals("echo-message") || cap.startsWith("echo-message=")) {
                    offersEcho = true;
                }
            }
            if (!more) {
                send(ctx, offersEcho ? "CAP REQ :echo-message\r\n" : "CAP END\r\n");
                capDone = !offersEcho;
            }
        } else if (subcommand.equals("ACK") || subcommand.equals("NAK")) {
            echoMessage = subcommand.equals("ACK") && list.trim().equals("echo-message");
            capDone = true;
            send(ctx, "CAP END\r\n");
        }
    }

    /**
     * Finds the command and the trailing parameter of the line {@code [from, to)}: tags and source skipped.
     * False for an empty or malformed line.
     */
    private boolean parse(ByteBuf in, int from, int to) {
        int i = from;
        if (i < to && in.getByte(i) == '@') {
            i = in.indexOf(i, to, (byte) ' ');
            if (i < 0) {
                return false;
            }
            i++;
        }
        if (i < to && in.getByte(i) == ':') {
            i = in.indexOf(i, to, (byte) ' ');
            if (i < 0) {
                return false;
            }
            i++;
        }
        cmdStart = i;
        int space = in.indexOf(i, to, (byte) ' ');
        cmdEnd = space < 0 ? to : space;
        if (cmdEnd == cmdStart) {
            return false;
        }
        // The trailing parameter starts after the first " :"; indexOf scans eight bytes at a time, where a
        // getByte per byte (each checking bounds and the reference count) was a tenth of the generator's CPU.
        textStart = -1;
        for (int j = cmdEnd; j + 1 < to; j++) {
            j = in.indexOf(j, to - 1, (byte) ' ');
            if (j < 0) {
                break;
            }
            if (in.getByte(j + 1) == ':') {
                textStart = j + 2;
                break;
            }
        }
        return true;
    }

    private boolean is(ByteBuf in, byte[] command) {
        return cmdEnd - cmdStart == command.length
                && LineClientHandler.startsWith(in, cmdStart, command.length, command);
    }

    /** The handler's lines as PRIVMSGs to the channel (and, without echo-message, each followed by a PING). */
    final class Out extends ChannelOutboundHandlerAdapter {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (!(msg instanceof ByteBuf line) || !registered) {
                ctx.write(msg, promise);
                return;
            }
            try {
                int at = line.readerIndex();
                int length = line.readableBytes();
                if (length > 0 && line.getByte(at + length - 1) == '\n') {
                    length--;
                }
                int size = SAY.length + length + CRLF.length;
                if (!echoMessage) {
                    size += ECHO.length + length + CRLF.length;
                }
                ByteBuf out = ctx.alloc().ioBuffer(size);
                out.writeBytes(SAY).writeBytes(line, at, length).writeBytes(CRLF);
                if (!echoMessage) {
                    out.writeBytes(ECHO).writeBytes(line, at, length).writeBytes(CRLF);
                }
                ctx.write(out, promise);
            } finally {
                line.release();
            }
        }
    }
}
