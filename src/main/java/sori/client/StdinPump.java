package sori.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DuplexChannel;
import java.io.IOException;
import java.io.InputStream;

/**
 * Sends stdin to the server in chunks as they come (a pipe without a final newline still goes),
 * waits while the channel is full, and half-closes the connection at EOF so the server can finish.
 */
final class StdinPump implements Runnable {
    private static final int CHUNK = 8192;

    private final InputStream in;
    private final Channel ch;
    private final WritableGate gate;

    StdinPump(InputStream in, Channel ch, WritableGate gate) {
        this.in = in;
        this.ch = ch;
        this.gate = gate;
    }

    @Override
    public void run() {
        byte[] chunk = new byte[CHUNK];
        ChannelFuture last = null;
        try {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                if (n == 0) {
                    continue;
                }
                if (!gate.await(ch)) {
                    return; // the server closed: nobody to send to
                }
                ByteBuf b = ch.alloc().buffer(n).writeBytes(chunk, 0, n);
                last = ch.writeAndFlush(b);
            }
        } catch (IOException e) {
            // stdin failed: treat it like its end, and let the server finish
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (last == null) {
            shutdownOutput();
        } else {
            last.addListener(f -> shutdownOutput()); // only after the last bytes went out: shutdown drops queued writes
        }
    }

    private void shutdownOutput() {
        if (ch instanceof DuplexChannel d && ch.isActive()) {
            d.shutdownOutput();
        }
    }
}
