package sori.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import sori.testing.FuzzBudget;
import sori.testing.Leaks;

/**
 * Flood control fed arbitrary messages (text, buffers, markers) and pauses on virtual time: messages
 * leave in the order they came, never faster than the bucket allows, all of them in the end unless the
 * backlog tripped, and no buffer is left unreleased.
 */
@AddLifecycleHook(FuzzBudget.class)
class FloodGateFuzzProperties {

    private static final Leaks leaks = Leaks.watch();

    @AfterContainer
    static void noLeakReported() {
        leaks.closeExpectingNone();
    }

    /** A message that is neither text nor bytes. */
    record Marker(int seq) {}

    /** Positive: a message of that many bytes; negative: a pause of that many milliseconds. */
    @Provide
    static Arbitrary<List<Integer>> steps() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(1, 300)),
                Tuple.of(1, Arbitraries.integers().between(1, 20_000)),
                Tuple.of(3, Arbitraries.integers().between(-3000, -1))).list().ofMaxSize(120);
    }

    @Property(tries = 1000)
    void shouldKeepOrderAndRateAndLoseNothingUnlessTheBacklogTrips(@ForAll("steps") List<Integer> steps,
            @ForAll @IntRange(min = 1, max = 20) int burst, @ForAll @IntRange(min = 1, max = 50) int rate,
            @ForAll @IntRange(min = 1, max = 20_000) int backlog) throws Exception {
        LimitCounters counters = new LimitCounters();
        List<Integer> passed = new ArrayList<>();
        List<Object> events = new ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(false, false);
        ch.config().setAllocator(leaks.allocator());
        ch.register();
        ch.freezeTime();
        ch.pipeline().addLast(new FloodGate(burst, rate, backlog, counters), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                passed.add(seq(msg));
                ReferenceCountUtil.release(msg);
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
            }
        });
        long elapsedMillis = 0;
        int sent = 0;
        for (int step : steps) {
            if (step < 0) {
                ch.advanceTimeBy(-step, TimeUnit.MILLISECONDS);
                elapsedMillis += -step;
                ch.runScheduledPendingTasks();
            } else if (ch.isOpen()) {
                int seq = sent++;
                ch.writeInbound(message(seq, step));
            }
            assertThat(passed.size()).isLessThanOrEqualTo(burst + (int) (rate * elapsedMillis / 1000.0) + 1);
        }
        boolean tripped = !events.isEmpty();
        if (!tripped) {
            // Enough time for everything still waiting: all of it comes out.
            ch.advanceTimeBy((sent / rate + 2) * 1000L, TimeUnit.MILLISECONDS);
            ch.runScheduledPendingTasks();
            assertThat(passed).hasSize(sent);
            assertThat(counters.count(Limit.FLOOD)).isZero();
        } else {
            assertThat(events).containsExactly(new Tripped(Limit.FLOOD, backlog));
            assertThat(counters.count(Limit.FLOOD)).isEqualTo(1);
            int before = passed.size();
            if (ch.isOpen()) {
                ch.writeInbound(message(sent++, 10));
            }
            ch.advanceTimeBy(60, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
            assertThat(passed).hasSize(before);
            assertThat(ch.isOpen()).isFalse();
        }
        for (int i = 0; i < passed.size(); i++) {
            assertThat(passed.get(i)).isEqualTo(i);
        }
        ch.finishAndReleaseAll();
        assertThat(leaks.unreleased()).isEmpty();
    }

    private static Object message(int seq, int size) {
        String text = seq + ":" + "m".repeat(Math.max(0, size - 8));
        return switch (seq % 3) {
            case 0 -> text;
            case 1 -> leaks.allocator().buffer().writeBytes(text.getBytes(StandardCharsets.UTF_8));
            default -> new Marker(seq);
        };
    }

    private static int seq(Object msg) {
        String s = switch (msg) {
            case String t -> t;
            case ByteBuf b -> b.toString(StandardCharsets.UTF_8);
            case Marker m -> m.seq() + ":";
            default -> throw new AssertionError("unexpected " + msg);
        };
        return Integer.parseInt(s.substring(0, s.indexOf(':')));
    }
}
