package sori.echo;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import sori.net.Addresses;
import org.slf4j.LoggerFactory;

/**
 * Echoes a TCP client's bytes as they come and ends the client after the line {@code end}, after
 * its first message with {@code --once}, or after it half-closes; the echo is always flushed first.
 * One per connection: it holds the line state.
 */
final class EchoHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(EchoHandler.class);

    private final Clients clients;
    private final boolean once;
    private final EndDetector end = new EndDetector();
    private boolean counted; // joined and not yet left: guards the count against a second inactive
    private boolean heard; // --once: part of the first message has been echoed
    private boolean finishing; // the last echo is on its way; the rest of the input is dropped

    EchoHandler(Clients clients, boolean once) {
        this.clients = clients;
        this.once = once;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!clients.joined(ctx.channel())) {
            ctx.close();
            return;
        }
        counted = true;
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (counted) {
            counted = false;
            clients.left(ctx.channel());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (finishing) {
            in.release();
            return;
        }
        int cut = once ? firstLineLength(in) : end.scan(in);
        if (cut < 0) {
            heard = true;
            ctx.write(in); // flushed once per read burst, in channelReadComplete
            return;
        }
        ByteBuf last = in.readRetainedSlice(cut);
        in.release();
        finish(ctx, last);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        if (!ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false); // a client that does not read must not fill our memory
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && !finishing) {
            ctx.channel().config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            // A pause ends a line sent without newline, as the seed's clients send them.
            if (!finishing && (once ? heard : end.pause())) {
                finish(ctx, Unpooled.EMPTY_BUFFER);
            }
        } else if (evt instanceof ChannelInputShutdownEvent) {
            if (!finishing) {
                finish(ctx, Unpooled.EMPTY_BUFFER); // the client sent all it will: echo the rest, then close
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("client {} failed: {}", Addresses.remote(ctx.channel()), cause.toString());
        ctx.close();
    }

    private void finish(ChannelHandlerContext ctx, ByteBuf last) {
        finishing = true;
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
    }

    /** Bytes up to and including the first newline, or -1: --once's message is one line. */
    private static int firstLineLength(ByteBuf in) {
        int i = in.bytesBefore((byte) '\n');
        return i < 0 ? -1 : i + 1;
    }
}
