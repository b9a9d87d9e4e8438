package sori.line;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import sori.chat.ChatConfig;
import sori.chat.Hub;
import sori.net.Guards;
import sori.net.Limit;
import sori.net.Limits;
import sori.server.ServerConfig;
import sori.store.MemoryEventStore;

/**
 * What happens when keepalive gives up on a peer: the kernel fails the socket with "connection timed
 * out" (a silent peer cannot be made on loopback without privileges, so the error is injected), the
 * room hears that the user timed out, and the limit is counted.
 */
class DeadPeerTest {

    private final Hub hub = new Hub(ChatConfig.defaults(), new MemoryEventStore(10), new AtomicLong()::incrementAndGet);
    private final Guards guards = new Guards(Limits.defaults());
    private final LineInitializer init = new LineInitializer(hub, 0, ServerConfig.OUTBOUND_LIMIT, guards, null);

    private static String drain(EmbeddedChannel ch) {
        ch.runPendingTasks();
        StringBuilder b = new StringBuilder();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            b.append(((ByteBuf) o).toString(StandardCharsets.UTF_8));
            ((ByteBuf) o).release();
        }
        return b.toString();
    }

    @Test
    void shouldAnnounceATimedOutPeerAndCountIt() {
        EmbeddedChannel mina = new EmbeddedChannel(init);
        EmbeddedChannel jun = new EmbeddedChannel(init);
        mina.writeInbound(Unpooled.copiedBuffer("mina\n", StandardCharsets.UTF_8));
        jun.writeInbound(Unpooled.copiedBuffer("jun\n", StandardCharsets.UTF_8));
        drain(mina);
        drain(jun);
        mina.pipeline().fireExceptionCaught(new IOException("recvAddress(..) failed: Connection timed out"));
        assertThat(mina.isOpen()).isFalse();
        assertThat(drain(jun)).contains("* mina left (timed out).\n");
        assertThat(guards.counters().count(Limit.DEAD_PEER)).isEqualTo(1);
        assertThat(hub.users()).isEqualTo(1);
        jun.finishAndReleaseAll();
        mina.finishAndReleaseAll();
    }

    @Test
    void shouldNotCountAResetAsADeadPeer() {
        EmbeddedChannel mina = new EmbeddedChannel(init);
        mina.writeInbound(Unpooled.copiedBuffer("mina\n", StandardCharsets.UTF_8));
        mina.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        assertThat(mina.isOpen()).isFalse();
        assertThat(guards.counters().count(Limit.DEAD_PEER)).isZero();
        mina.finishAndReleaseAll();
    }
}
