package sori.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The name deadline on virtual time. */
class RegisterTimeoutTest {

    private final LimitCounters counters = new LimitCounters();
    private final AtomicBoolean named = new AtomicBoolean();
    private final List<Object> events = new ArrayList<>();

    private EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast("timeout", new RegisterTimeout(60, named::get, counters));
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
                ctx.close();
            }
        });
        return ch;
    }

    @Test
    void shouldCloseAConnectionWithoutANameAfterTheDeadline() {
        EmbeddedChannel ch = channel();
        ch.advanceTimeBy(59, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(events).isEmpty();
        ch.advanceTimeBy(1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(events).containsExactly(new Tripped(Limit.REGISTER_TIMEOUT, 60));
        assertThat(ch.isOpen()).isFalse();
        assertThat(counters.count(Limit.REGISTER_TIMEOUT)).isEqualTo(1);
    }

    @Test
    void shouldLeaveANamedConnectionAloneAndStepAside() {
        EmbeddedChannel ch = channel();
        named.set(true);
        ch.advanceTimeBy(60, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(events).isEmpty();
        assertThat(ch.pipeline().get("timeout")).isNull();
        assertThat(ch.isOpen()).isTrue();
        assertThat(counters.count(Limit.REGISTER_TIMEOUT)).isZero();
    }

    @Test
    void shouldStepAsideAsSoonAsAMessageNamesTheUser() {
        EmbeddedChannel ch = channel();
        ch.writeInbound("NICK ann");
        assertThat(ch.pipeline().get("timeout")).as("still unnamed: still watching").isNotNull();
        named.set(true); // the next message is the one the handler names the user with
        ch.writeInbound("USER ann 0 * :Ann");
        assertThat(ch.pipeline().get("timeout")).isNull();
        assertThat(ch.inboundMessages()).as("both passed on").containsExactly("NICK ann", "USER ann 0 * :Ann");
        named.set(false); // whatever happens later, the deadline is gone with the handler
        ch.advanceTimeBy(60, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(events).isEmpty();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void shouldStepAsideWhenAnEventNamesTheUser() {
        EmbeddedChannel ch = channel();
        named.set(true); // a session token taken at the handshake
        ch.pipeline().fireUserEventTriggered("handshake complete");
        assertThat(ch.pipeline().get("timeout")).isNull();
    }

    @Test
    void shouldForgetTheDeadlineWhenThePeerLeavesFirst() {
        EmbeddedChannel ch = channel();
        ch.close();
        ch.advanceTimeBy(60, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(events).isEmpty();
        assertThat(counters.count(Limit.REGISTER_TIMEOUT)).isZero();
    }
}
