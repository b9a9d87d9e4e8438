package sori.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import sori.Main;

/**
 * Base for tests of a command as the user runs it: {@link #run} calls {@code sori ...} in this JVM
 * and returns its exit code, with what it printed in {@link #out} and {@link #err}.
 */
public abstract class ConsoleTest {

    protected final ByteArrayOutputStream err = new ByteArrayOutputStream();
    protected final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream realErr;
    private PrintStream realOut;

    @BeforeEach
    void captureConsole() {
        realErr = System.err;
        realOut = System.out;
        System.setErr(new PrintStream(err, true, UTF_8));
        System.setOut(new PrintStream(out, true, UTF_8));
    }

    @AfterEach
    void restoreConsole() {
        System.setErr(realErr);
        System.setOut(realOut);
    }

    /** Runs on its own thread with a bound, so a command that wrongly keeps running fails the test. */
    protected static int run(String... args) throws Exception {
        return CompletableFuture.supplyAsync(() -> Main.run(args), task -> Thread.ofPlatform().daemon().start(task))
                .get(20, TimeUnit.SECONDS);
    }
}
