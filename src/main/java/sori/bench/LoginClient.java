package sori.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One sign-in over the plain-text protocol: answers the name prompt, then the {@code Password for NAME:}
 * prompt, waits for {@code * Welcome}, sends {@code /quit} and waits for the server to close. To prepare an
 * account ({@link Mode#PREPARE}) it signs in the same way, or, when the name is not registered yet, sends
 * {@code /register PASSWORD} and {@code /quit}. {@link #result()} completes when the connection has closed.
 * Error lines are told apart by their English text (the server's default language). Event loop only.
 */
final class LoginClient extends ByteToMessageDecoder {

    enum Mode { LOGIN, PREPARE }

    /** How one attempt ended. */
    enum Outcome {
        /** Signed in: welcomed after the password. */
        OK,
        /** Prepare: the account did not exist and was made. */
        REGISTERED,
        /** Prepare: the account existed and took the password. */
        EXISTING,
        WRONG,
        THROTTLED,
        BUSY,
        /** Welcomed as a guest: the name is not an account. */
        NOT_REGISTERED,
        /** Anything else: refused, closed early, timed out, could not connect. */
        FAILED
    }

    /**
     * @param outcome how it ended
     * @param startNanos when connecting began
     * @param welcomeNanos when the welcome came, or 0
     * @param detail the server's error line or what went wrong, for the report; null when fine
     */
    record Attempt(Outcome outcome, long startNanos, long welcomeNanos, String detail) {}

    private enum State { NAME_PROMPT, NAME_SENT, PASSWORD_SENT, REGISTERING, QUITTING }

    private static final byte[] WELCOME = "* Welcome".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "error:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR_KO = "오류:".getBytes(StandardCharsets.UTF_8);

    private final Mode mode;
    private final byte[] nameLine;
    private final String password;
    private final long startNanos;
    private final CompletableFuture<Attempt> result = new CompletableFuture<>();
    private State state = State.NAME_PROMPT;
    private Outcome outcome;
    private long welcomeNanos;
    private String detail;
    private ChannelHandlerContext ctx;

    LoginClient(Mode mode, String name, String password, long startNanos) {
        this.mode = mode;
        this.nameLine = (name + "\n").getBytes(StandardCharsets.UTF_8);
        this.password = password;
        this.startNanos = startNanos;
    }

    CompletableFuture<Attempt> result() {
        return result;
    }

    /** Connecting failed: the attempt ends here. */
    void connectFailed(String why) {
        result.complete(new Attempt(Outcome.FAILED, startNanos, 0, why));
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Gives up (the attempt's time is over): the connection is closed. Call on the channel's event loop. */
    void timeout(String why) {
        if (ctx == null) {
            return;
        }
        if (outcome == null) {
            end(ctx, Outcome.FAILED, why);
        } else if (state == State.QUITTING || state == State.REGISTERING) {
            ctx.close(); // already decided; the server did not close after /quit
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int end = in.writerIndex();
        int start = in.readerIndex();
        int lf;
        while (start < end && (lf = in.indexOf(start, end, (byte) '\n')) >= 0) {
            int length = lf - start;
            if (length > 0 && in.getByte(lf - 1) == '\r') {
                length--;
            }
            onLine(ctx, in, start, length);
            start = lf + 1;
        }
        in.readerIndex(start);
        int tail = in.readableBytes();
        if (tail >= 2 && in.getByte(end - 2) == ':' && in.getByte(end - 1) == ' ') {
            in.skipBytes(tail); // a prompt: it has no newline
            onPrompt(ctx);
        } else if (tail > LineClientHandler.MAX_LINE) {
            in.skipBytes(tail);
        }
    }

    private void onPrompt(ChannelHandlerContext ctx) {
        switch (state) {
            case NAME_PROMPT -> {
                state = State.NAME_SENT;
                write(ctx, nameLine);
            }
            case NAME_SENT -> { // the name is an account: this is the password prompt
                state = State.PASSWORD_SENT;
                write(ctx, (password + "\n").getBytes(StandardCharsets.UTF_8));
            }
            default -> {} // a prompt after an error: the error already ended the attempt
        }
    }

    private void onLine(ChannelHandlerContext ctx, ByteBuf in, int start, int length) {
        if (outcome != null) {
            return;
        }
        boolean welcome = LineClientHandler.startsWith(in, start, length, WELCOME);
        boolean error = LineClientHandler.startsWith(in, start, length, ERROR)
                || LineClientHandler.startsWith(in, start, length, ERROR_KO);
        switch (state) {
            case NAME_SENT -> {
                if (welcome && mode == Mode.PREPARE) {
                    state = State.REGISTERING; // a guest under the name: make it an account, then leave
                    write(ctx, ("/register " + password + "\n/quit\n").getBytes(StandardCharsets.UTF_8));
                } else if (welcome) {
                    end(ctx, Outcome.NOT_REGISTERED, "welcomed without a password: not an account");
                } else if (error) {
                    end(ctx, Outcome.FAILED, text(in, start, length));
                }
            }
            case PASSWORD_SENT -> {
                if (welcome) {
                    welcomeNanos = System.nanoTime();
                    outcome = mode == Mode.PREPARE ? Outcome.EXISTING : Outcome.OK;
                    state = State.QUITTING;
                    write(ctx, "/quit\n".getBytes(StandardCharsets.US_ASCII));
                } else if (error) {
                    String line = text(in, start, length);
                    end(ctx, classify(line), line);
                }
            }
            case REGISTERING -> {
                if (error) {
                    end(ctx, Outcome.FAILED, text(in, start, length));
                }
            }
            default -> {}
        }
    }

    /** What a refusal at the password prompt says (sori's English texts: messages_en.properties). */
    static Outcome classify(String errorLine) {
        if (errorLine.contains("wrong password")) {
            return Outcome.WRONG;
        }
        if (errorLine.contains("too many failed sign-ins")) {
            return Outcome.THROTTLED;
        }
        if (errorLine.contains("sign-in is busy")) {
            return Outcome.BUSY;
        }
        return Outcome.FAILED;
    }

    private void end(ChannelHandlerContext ctx, Outcome o, String why) {
        outcome = o;
        detail = why;
        ctx.close();
    }

    private static void write(ChannelHandlerContext ctx, byte[] bytes) {
        ctx.writeAndFlush(ctx.alloc().buffer(bytes.length).writeBytes(bytes));
    }

    private static String text(ByteBuf in, int start, int length) {
        return in.toString(start, Math.min(length, 200), StandardCharsets.UTF_8);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        Outcome o = outcome;
        if (o == null) {
            o = state == State.REGISTERING ? Outcome.REGISTERED : Outcome.FAILED;
            if (o == Outcome.FAILED) {
                detail = "the server closed the connection before the welcome";
            }
        }
        result.complete(new Attempt(o, startNanos, welcomeNanos, detail));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (outcome == null) {
            end(ctx, Outcome.FAILED, String.valueOf(cause.getMessage() == null ? cause : cause.getMessage()));
        } else {
            ctx.close();
        }
    }
}
