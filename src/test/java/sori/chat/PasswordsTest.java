package sori.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordsTest {

    @Test
    void shouldVerifyOnlyTheRightPasswordWithAFreshSaltEachTime() {
        String a = Passwords.hash("correct horse");
        String b = Passwords.hash("correct horse");
        assertThat(a).isNotEqualTo(b).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(Passwords.verify("correct horse", a)).isTrue();
        assertThat(Passwords.verify("correct horsf", a)).isFalse();
        assertThat(Passwords.verify("", a)).isFalse();
    }

    @Test
    void shouldRefuseMalformedHashes() {
        assertThat(Passwords.verify("x", null)).isFalse();
        assertThat(Passwords.verify("x", "")).isFalse();
        assertThat(Passwords.verify("x", "$argon2i$v=19$m=8,t=1,p=1$AAAA$AAAA")).isFalse();
        assertThat(Passwords.verify("x", "$argon2id$v=19$m=zz,t=1,p=1$AAAA$AAAA")).isFalse();
        assertThat(Passwords.verify("x", "$argon2id$v=19$m=8,t=1,p=1$!!$AAAA")).isFalse();
    }

    @Test
    void shouldVerifyAHashMadeWithOtherParameters() {
        // A hash keeps its parameters: raising ours later must not lock old accounts out.
        String cheap = "$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHQ$";
        assertThat(Passwords.verify("password", cheap + "x")).isFalse();
    }

    @Test
    void shouldVerifyHashesMadeByBouncyCastleAsStoredAccountsHold() {
        // Accounts stored before Passwords had its own Argon2id were hashed by Bouncy Castle: they must still sign in.
        byte[] salt = "sixteen-saltbyte".getBytes(StandardCharsets.US_ASCII);
        String[] params = {"m=19456,t=2,p=1", "m=64,t=3,p=2", "m=4096,t=1,p=1"};
        int[][] values = {{19456, 2, 1}, {64, 3, 2}, {4096, 1, 1}};
        for (int i = 0; i < params.length; i++) {
            byte[] hash = Argon2idProperties.bouncyCastle("correct horse".getBytes(StandardCharsets.UTF_8), salt,
                    null, null, values[i][0], values[i][1], values[i][2], 32);
            String stored = "$argon2id$v=19$" + params[i] + "$" + Base64.getEncoder().withoutPadding().encodeToString(salt)
                    + "$" + Base64.getEncoder().withoutPadding().encodeToString(hash);
            assertThat(Passwords.verify("correct horse", stored)).as(params[i]).isTrue();
            assertThat(Passwords.verify("correct horsf", stored)).as(params[i]).isFalse();
        }
    }
}
