package sori.chat;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Argon2id at sori's parameters (m=19 MiB, t=2, p=1): a new hash (/register, /password) and a verification
 * (every sign-in), alone and two at once as the server's two hashing threads run them. The time per
 * verification bounds sign-ins per second: at most threads / time (docs/security.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PasswordsBench {

    private static final String PASSWORD = "bench-password-7";
    private final String stored = Passwords.hash(PASSWORD);

    @Benchmark
    public String hash() {
        return Passwords.hash(PASSWORD);
    }

    @Benchmark
    public boolean verify() {
        return Passwords.verify(PASSWORD, stored);
    }

    /** Two verifications at once, as Logins' two threads do under a sign-in storm. */
    @Benchmark
    @Threads(2)
    public boolean verifyTwoAtOnce() {
        return Passwords.verify(PASSWORD, stored);
    }
}
