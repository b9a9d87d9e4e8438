package sori.line;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import sori.chat.ChatConfig;
import sori.chat.Event;

/** Encoding one message for the plain protocol: done once per event, whatever the room's size. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LineCodecBench {

    private final LineCodec codec = new LineCodec(ChatConfig.defaults().texts());
    private final Event.Said said = new Event.Said("lobby", 42, 1_700_000_000_000L, "mina",
            "a message of about sixty-four bytes, as the benchmarks send");

    @Benchmark
    public byte[] encodeSaid() {
        return codec.encode(said, false);
    }

    @Benchmark
    public byte[] encodeSaidFromAnotherRoom() {
        return codec.encode(said, true);
    }
}
