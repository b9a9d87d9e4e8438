package sori.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Small blocking-socket helpers; every wait is bounded. */
final class EchoTestSupport {
    static final int TIMEOUT_MS = 10_000;

    private EchoTestSupport() {}

    static Socket connect(InetSocketAddress a) throws IOException {
        Socket s = new Socket();
        s.connect(a, TIMEOUT_MS);
        s.setSoTimeout(TIMEOUT_MS);
        return s;
    }

    static byte[] readExactly(Socket s, int n) throws IOException {
        return s.getInputStream().readNBytes(n);
    }

    /** Reads until the server closes (or SO_TIMEOUT fails the test). */
    static byte[] readToEof(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }

    /** Waits for a condition with a bound; for state that changes after an event we cannot join. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMillis(TIMEOUT_MS).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("timed out waiting for " + what).isTrue();
            Thread.sleep(5);
        }
    }
}
