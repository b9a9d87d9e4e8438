package sori.echo;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends each datagram back to its sender; with {@code --once}, stops after the first. */
final class UdpEchoHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger log = LoggerFactory.getLogger(UdpEchoHandler.class);

    private final boolean once;
    private final Runnable stop;
    private boolean done;

    UdpEchoHandler(boolean once, Runnable stop) {
        this.once = once;
        this.stop = stop;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        if (done) {
            return;
        }
        DatagramPacket reply = new DatagramPacket(packet.content().retain(), packet.sender());
        if (once) {
            done = true;
            ctx.writeAndFlush(reply).addListener((ChannelFutureListener) f -> stop.run());
        } else {
            ctx.writeAndFlush(reply, ctx.voidPromise());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // One unreachable sender (ICMP port unreachable) must not stop the echo for everyone.
        log.debug("udp echo: {}", cause.toString());
    }
}
