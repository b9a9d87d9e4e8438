package sori.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Flood control on virtual time: a burst, then the rate, in order, and a cut-off past the backlog. */
class FloodGateTest {

    private final LimitCounters counters = new LimitCounters();
    private final List<Object> events = new ArrayList<>();

    private EmbeddedChannel channel(int burst, int rate, int backlog) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast(new FloodGate(burst, rate, backlog, counters), new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
            }
        });
        return ch;
    }

    private static List<Object> read(EmbeddedChannel ch) {
        List<Object> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            out.add(o);
        }
        return out;
    }

    private static void advance(EmbeddedChannel ch, long millis) {
        ch.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
    }

    @Test
    void shouldPassTheBurstThenOneLinePerTokenInOrder() {
        EmbeddedChannel ch = channel(3, 2, 8192);
        for (int i = 0; i < 7; i++) {
            ch.writeInbound("line " + i);
        }
        assertThat(read(ch)).containsExactly("line 0", "line 1", "line 2");
        advance(ch, 499);
        assertThat(read(ch)).isEmpty();
        advance(ch, 1);
        assertThat(read(ch)).containsExactly("line 3");
        advance(ch, 1000);
        assertThat(read(ch)).containsExactly("line 4", "line 5");
        // A line arriving while others wait goes behind them, whatever the tokens say.
        ch.writeInbound("late");
        advance(ch, 10_000);
        assertThat(read(ch)).containsExactly("line 6", "late");
        assertThat(counters.count(Limit.FLOOD)).isZero();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void shouldRefillUpToTheBurstOnlyAfterAQuietSpell() {
        EmbeddedChannel ch = channel(3, 2, 8192);
        advance(ch, 60_000);
        for (int i = 0; i < 5; i++) {
            ch.writeInbound("x" + i);
        }
        assertThat(read(ch)).containsExactly("x0", "x1", "x2");
        // The two waiting lines go with the channel; none reaches the handler after it.
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void shouldCutOffASenderWhoseWaitingLinesPassTheBacklogAndReleaseThem() {
        EmbeddedChannel ch = channel(1, 1, 100);
        ByteBuf first = Unpooled.copiedBuffer("first", StandardCharsets.UTF_8);
        ch.writeInbound(first);
        List<ByteBuf> waiting = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ByteBuf b = Unpooled.copiedBuffer("0123456789", StandardCharsets.UTF_8); // 11 bytes each, counted
            waiting.add(b);
            ch.writeInbound(b);
        }
        assertThat(read(ch)).hasSize(1).allSatisfy(o -> ((ByteBuf) o).release());
        assertThat(events).containsExactly(new Tripped(Limit.FLOOD, 100));
        assertThat(waiting).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        assertThat(counters.count(Limit.FLOOD)).isEqualTo(1);
        assertThat(ch.config().isAutoRead()).isFalse();
        // Nothing more passes, and nobody closed it: the gate does after the grace period.
        ByteBuf after = Unpooled.copiedBuffer("after", StandardCharsets.UTF_8);
        ch.writeInbound(after);
        assertThat(after.refCnt()).isZero();
        assertThat(ch.isOpen()).isTrue();
        advance(ch, Tripped.GRACE_MILLIS);
        assertThat(ch.isOpen()).isFalse();
        assertThat(counters.count(Limit.FLOOD)).isEqualTo(1);
    }

    @Test
    void shouldWeighTextAsUtf8WithItsLineEnd() {
        assertThat(FloodGate.weight("")).isEqualTo(1);
        assertThat(FloodGate.weight("한")).isEqualTo(4);
        assertThat(FloodGate.weight(new Object())).isEqualTo(FloodGate.MARKER_WEIGHT);
    }

    @Test
    void shouldDropWaitingLinesWhenThePeerLeaves() {
        EmbeddedChannel ch = channel(1, 1, 8192);
        ch.writeInbound("a");
        ByteBuf waiting = Unpooled.copiedBuffer("b", StandardCharsets.UTF_8);
        ch.writeInbound(waiting);
        assertThat(read(ch)).containsExactly("a");
        ch.close();
        assertThat(waiting.refCnt()).isZero();
        advance(ch, 10_000);
        assertThat(read(ch)).isEmpty();
    }
}
