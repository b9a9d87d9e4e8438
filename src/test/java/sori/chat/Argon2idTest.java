package sori.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Argon2idTest {

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void shouldGiveTheRfc9106Argon2idTestVector() {
        // RFC 9106 section 5.3: m=32 KiB, t=3, p=4, 32-byte tag, password 32 x 01, salt 16 x 02,
        // secret 8 x 03, associated data 12 x 04.
        byte[] tag = new Argon2id(32).hash(filled(32, 1), filled(16, 2), filled(8, 3), filled(12, 4), 32, 3, 4, 32);
        assertThat(HexFormat.of().formatHex(tag))
                .isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }

    @Test
    void shouldClearItsMemoryAfterEveryHashAndKeepItForTheNext() {
        Argon2id a = new Argon2id(64);
        byte[] first = a.hash(filled(12, 7), filled(16, 2), null, null, 64, 2, 1, 32);
        assertThat(a.memoryIsClear()).isTrue();
        assertThat(a.keptKib()).isEqualTo(64);
        assertThat(a.hash(filled(12, 7), filled(16, 2), null, null, 64, 2, 1, 32)).isEqualTo(first);
        assertThat(a.memoryIsClear()).isTrue();
        // a hash that needs more than the instance keeps gets memory for that hash only
        a.hash(filled(12, 7), filled(16, 2), null, null, 256, 1, 1, 32);
        assertThat(a.keptKib()).isEqualTo(64);
    }

    @Test
    void shouldAllocateAlmostNothingPerHashAtSorisParameters() {
        // The reason Argon2id exists: Bouncy Castle allocated 19 MiB per hash on the heap, in 19 456 objects.
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Argon2id a = new Argon2id(Passwords.MEMORY_KIB);
        byte[] password = filled(16, 'p');
        byte[] salt = filled(16, 's');
        a.hash(password, salt, null, null, Passwords.MEMORY_KIB, Passwords.ITERATIONS, 1, 32); // takes its memory
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 3; i++) {
            a.hash(password, salt, null, null, Passwords.MEMORY_KIB, Passwords.ITERATIONS, 1, 32);
        }
        long perHash = (mx.getCurrentThreadAllocatedBytes() - before) / 3;
        assertThat(perHash).isLessThan(64 * 1024);
    }

    @Test
    void shouldRefuseParametersOutsideTheRfc() {
        Argon2id a = new Argon2id(8);
        assertThatThrownBy(() -> a.hash(new byte[8], new byte[8], null, null, 7, 1, 1, 32))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.hash(new byte[8], new byte[8], null, null, 8, 0, 1, 32))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.hash(new byte[8], new byte[8], null, null, 8, 1, 0, 32))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.hash(new byte[8], new byte[8], null, null, 8, 1, 1, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
