package sori.line;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import sori.chat.ChatConfig;
import sori.chat.Delivery;
import sori.chat.Event;
import sori.chat.Session;
import sori.net.LimitCounters;

/**
 * The fan-out hot path without the network: one mailbox, 1000 channels in one room, one event or a
 * batch of eight posted and drained (as when a loop turn finds several queued), then the written
 * buffers released. Scores are deliveries (event × member) per second. Run: {@code bench/jmh FanoutBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled"})
public class FanoutBench {

    private static final int MEMBERS = 1000;
    private static final int BATCH = 8;

    private EmbeddedChannel[] channels;
    private Session[] sessions;
    private LineMailbox mailbox;
    private Delivery[] events;
    private long seq;

    @Setup(Level.Trial)
    public void setUp() {
        LineCodec codec = new LineCodec(ChatConfig.defaults().texts());
        channels = new EmbeddedChannel[MEMBERS];
        sessions = new Session[MEMBERS];
        EmbeddedChannel first = new EmbeddedChannel();
        mailbox = new LineMailbox(first.eventLoop(), codec, PooledByteBufAllocator.DEFAULT, 1 << 30, new LimitCounters());
        for (int i = 0; i < MEMBERS; i++) {
            EmbeddedChannel ch = i == 0 ? first : new EmbeddedChannel();
            ch.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 29, 1 << 30));
            LineSession s = new LineSession(ch, mailbox);
            s.viewRoom = "lobby";
            channels[i] = ch;
            sessions[i] = s;
        }
        events = new Delivery[BATCH];
    }

    @Benchmark
    @OperationsPerInvocation(MEMBERS)
    public void oneEventPerPass() {
        deliver(1);
    }

    @Benchmark
    @OperationsPerInvocation(MEMBERS * BATCH)
    public void eightEventsPerPass() {
        deliver(BATCH);
    }

    private void deliver(int batch) {
        for (int i = 0; i < batch; i++) {
            seq++;
            mailbox.post(new Delivery(new Event.Said("lobby", seq, 1_700_000_000_000L + seq, "sender",
                    "a message of about sixty-four bytes, as the benchmarks send")), sessions);
        }
        channels[0].runPendingTasks();
        for (EmbeddedChannel ch : channels) {
            Object o;
            while ((o = ch.readOutbound()) != null) {
                ((ByteBuf) o).release();
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (EmbeddedChannel ch : channels) {
            ch.finishAndReleaseAll();
        }
    }
}
