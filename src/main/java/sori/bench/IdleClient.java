package sori.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/** An idle chat connection: registers, then drops whatever arrives (join notices) without scanning it. */
final class IdleClient extends LineClientHandler {
    IdleClient(Meter meter, String name) {
        super(meter, name);
    }

    @Override
    protected boolean scansLines() {
        return false;
    }

    @Override
    protected void onLine(ChannelHandlerContext ctx, ByteBuf buf, int start, int length) {}

    boolean isUp() {
        return channel() != null && channel().isActive();
    }
}
