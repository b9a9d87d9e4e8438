package sori.chat;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import sori.testing.FuzzBudget;

/**
 * {@link Argon2id} gives, bit for bit, what Bouncy Castle's {@code Argon2BytesGenerator} gives (which made
 * every hash stored before it), for random passwords, salts, memory, passes and tag lengths. One instance
 * serves every try, as a hashing thread's does, keeping up to 128 KiB: so memory reused after a larger or
 * smaller hash, and a hash past what it keeps, are both tried. Tries: {@code -Dsori.fuzz.tries=N} by hand.
 */
@AddLifecycleHook(FuzzBudget.class)
class Argon2idProperties {

    private static final Argon2id SHARED = new Argon2id(128);

    @Property(tries = 200)
    void shouldMatchBouncyCastleWithOneLane(@ForAll @Size(max = 64) byte[] password,
            @ForAll @Size(min = 8, max = 32) byte[] salt, @ForAll @IntRange(min = 8, max = 256) int memoryKib,
            @ForAll @IntRange(min = 1, max = 4) int iterations, @ForAll @IntRange(min = 4, max = 200) int tagLength) {
        byte[] ours = SHARED.hash(password, salt, null, null, memoryKib, iterations, 1, tagLength);
        assertThat(ours).isEqualTo(bouncyCastle(password, salt, null, null, memoryKib, iterations, 1, tagLength));
        assertThat(SHARED.memoryIsClear()).isTrue();
    }

    @Property(tries = 50)
    void shouldMatchBouncyCastleWithLanesSecretAndAssociatedData(@ForAll @Size(max = 32) byte[] password,
            @ForAll @Size(min = 8, max = 16) byte[] salt, @ForAll @Size(max = 16) byte[] secret,
            @ForAll @Size(max = 16) byte[] associated, @ForAll @IntRange(min = 1, max = 4) int lanes,
            @ForAll @IntRange(min = 0, max = 96) int extraKib, @ForAll @IntRange(min = 1, max = 3) int iterations,
            @ForAll @IntRange(min = 4, max = 80) int tagLength) {
        int memoryKib = 8 * lanes + extraKib;
        byte[] ours = SHARED.hash(password, salt, secret, associated, memoryKib, iterations, lanes, tagLength);
        assertThat(ours).isEqualTo(bouncyCastle(password, salt, secret, associated, memoryKib, iterations, lanes, tagLength));
    }

    static byte[] bouncyCastle(byte[] password, byte[] salt, byte[] secret, byte[] associated,
            int memoryKib, int iterations, int lanes, int tagLength) {
        Argon2Parameters.Builder b = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(lanes)
                .withSalt(salt);
        if (secret != null) {
            b.withSecret(secret);
        }
        if (associated != null) {
            b.withAdditional(associated);
        }
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(b.build());
        byte[] out = new byte[tagLength];
        g.generateBytes(password, out);
        return out;
    }
}
