package sori.chat;

import static org.assertj.core.api.Assertions.assertThat;

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
}
