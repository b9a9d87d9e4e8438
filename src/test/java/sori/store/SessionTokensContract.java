package sori.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import sori.chat.SessionTokens;
import sori.chat.SessionTokens.Token;

/** What every {@link SessionTokens} does, on memory, SQLite and PostgreSQL. */
abstract class SessionTokensContract extends StoreFixture {

    SessionTokensContract(Kind kind) {
        super(kind);
    }

    @Test
    void shouldAddFindAndDeleteOneToken() {
        try (Store s = open()) {
            SessionTokens t = s.sessionTokens();
            assertThat(t.find("aa")).isEmpty();
            t.add(new Token("aa", "mina", 10, 1000));
            t.add(new Token("bb", "mina", 11, 1000));
            assertThat(t.find("aa")).contains(new Token("aa", "mina", 10, 1000));
            assertThat(t.count("mina")).isEqualTo(2);
            assertThat(t.delete("aa")).isTrue();
            assertThat(t.delete("aa")).isFalse();
            assertThat(t.find("aa")).isEmpty();
            assertThat(t.find("bb")).isPresent();
        }
    }

    @Test
    void shouldDeleteEveryTokenOfOneAccountAndSayHowMany() {
        try (Store s = open()) {
            SessionTokens t = s.sessionTokens();
            t.add(new Token("a1", "mina", 1, 100));
            t.add(new Token("a2", "mina", 2, 100));
            t.add(new Token("a3", "mina", 3, 100));
            t.add(new Token("b1", "jun", 1, 100));
            assertThat(t.deleteAccount("mina")).isEqualTo(3);
            assertThat(t.deleteAccount("mina")).isZero();
            assertThat(t.count("mina")).isZero();
            assertThat(t.find("b1")).isPresent();
        }
    }

    @Test
    void shouldSweepOnlyExpiredTokens() {
        try (Store s = open()) {
            SessionTokens t = s.sessionTokens();
            t.add(new Token("old", "mina", 1, 50));
            t.add(new Token("older", "jun", 1, 10));
            t.add(new Token("new", "mina", 1, 500));
            assertThat(t.sweep(100)).isEqualTo(2);
            assertThat(t.find("old")).isEmpty();
            assertThat(t.find("older")).isEmpty();
            assertThat(t.find("new")).isPresent();
            assertThat(t.sweep(100)).isZero();
        }
    }

    @Test
    void shouldKeepTokensAcrossARestart() {
        try (Store s = open()) {
            s.sessionTokens().add(new Token("cafe", "민아", 5, Long.MAX_VALUE / 2));
        }
        try (Store s = reopen()) {
            if (s != null) {
                assertThat(s.sessionTokens().find("cafe")).contains(new Token("cafe", "민아", 5, Long.MAX_VALUE / 2));
            }
        }
    }
}
