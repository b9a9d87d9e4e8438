package sori.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Prints what arrives, raw and at once (a prompt has no newline), and ends the session when the
 * server has nothing more to send. One per connection: it keeps the failure that ended it.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
    private final OutputStream out;
    private final WritableGate gate;
    private volatile Throwable failure;

    ClientHandler(OutputStream out, WritableGate gate) {
        this.out = out;
        this.gate = gate;
    }

    /** Why the connection broke, or null when it ended normally. */
    Throwable failure() {
        return failure;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf b = (ByteBuf) msg;
        try {
            // Blocking on stdout here is the backpressure we want: a slow reader slows the server via TCP.
            b.getBytes(b.readerIndex(), out, b.readableBytes());
            out.flush();
        } catch (IOException e) {
            ctx.close(); // stdout is gone (e.g. "| head"): nothing left to show, so stop quietly
        } finally {
            b.release();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        gate.changed();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        gate.changed(); // a stdin thread waiting to write must see the close
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            ctx.close(); // the server has said all it will: the session is over, even if stdin is not
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        ctx.close();
    }
}
