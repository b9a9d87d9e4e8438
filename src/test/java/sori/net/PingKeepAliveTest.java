package sori.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ping liveness on virtual time: a ping after silence, a close after silence past the ping. */
class PingKeepAliveTest {

    private final Guards guards = new Guards(Limits.defaults());
    private final List<Object> events = new ArrayList<>();

    private EmbeddedChannel withPing() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        guards.addPing(ch.pipeline(), () -> "PING");
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
            }
        });
        return ch;
    }

    private static void advance(EmbeddedChannel ch, int seconds) {
        ch.advanceTimeBy(seconds, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
    }

    @Test
    void shouldPingAQuietPeerAndCloseItWhenNothingComesBack() {
        EmbeddedChannel ch = withPing();
        advance(ch, PingKeepAlive.IDLE_SECONDS - 1);
        assertThat(ch.<Object>readOutbound()).isNull();
        advance(ch, 1);
        assertThat(ch.<Object>readOutbound()).isEqualTo("PING");
        advance(ch, PingKeepAlive.IDLE_SECONDS);
        assertThat(events).containsExactly(new Tripped(Limit.DEAD_PEER, 2L * PingKeepAlive.IDLE_SECONDS));
        advance(ch, (int) (Tripped.GRACE_MILLIS / 1000) + 1);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void shouldKeepAPeerThatAnswers() {
        EmbeddedChannel ch = withPing();
        for (int i = 0; i < 10; i++) {
            advance(ch, PingKeepAlive.IDLE_SECONDS);
            assertThat(ch.<Object>readOutbound()).isEqualTo("PING");
            ch.writeInbound("PONG");
            assertThat(ch.<Object>readInbound()).isEqualTo("PONG");
        }
        assertThat(events).isEmpty();
        assertThat(ch.isOpen()).isTrue();
        assertThat(guards.counters().count(Limit.DEAD_PEER)).isZero();
    }
}
