package sori.testing;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waits for a condition that another thread makes true. */
public final class Await {

    private Await() {}

    /** Polls {@code condition} until it holds; fails with {@code what} and the last value after {@code wait}. */
    public static void until(String what, BooleanSupplier condition, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(5); // polling interval only; the bound is the deadline above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    /** Waits until {@code value} equals {@code expected}, reporting the last value seen. */
    public static <T> void equal(String what, Supplier<T> value, T expected) {
        until(what + " to be " + expected, () -> expected.equals(value.get()), LineClient.WAIT);
    }
}
