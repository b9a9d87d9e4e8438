package sori.bench;

import java.nio.file.Path;
import java.time.Duration;

/** Short runs for tests: 1s measured after 200ms warmup, two loops, no progress line. */
final class RunTestSupport {
    private RunTestSupport() {}

    static BenchConfig config(int port) {
        return config(port, null);
    }

    static BenchConfig config(int port, Path report) {
        return new BenchConfig("127.0.0.1", port, Duration.ofSeconds(1), Duration.ofMillis(200), 2, "auto", false,
                report, false, 50, 0, Duration.ofSeconds(10), false, Proto.LINE);
    }
}
