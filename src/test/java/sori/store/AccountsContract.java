package sori.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import sori.chat.Accounts;
import sori.chat.Accounts.Account;

/** What every {@link Accounts} does, on memory, SQLite and PostgreSQL. */
abstract class AccountsContract extends StoreFixture {

    AccountsContract(Kind kind) {
        super(kind);
    }

    @Test
    void shouldCreateFindUpdateListAndDelete() {
        try (Store s = open()) {
            Accounts a = s.accounts();
            assertThat(a.find("mina")).isEmpty();
            assertThat(a.create(new Account("mina", "Mina", "$argon2id$h1", 10))).isTrue();
            assertThat(a.create(new Account("mina", "MINA", "$argon2id$h2", 11))).isFalse();
            assertThat(a.find("mina")).contains(new Account("mina", "Mina", "$argon2id$h1", 10));
            assertThat(a.setHash("mina", "$argon2id$h3")).isTrue();
            assertThat(a.setHash("nobody", "$argon2id$h3")).isFalse();
            assertThat(a.find("mina")).get().extracting(Account::hash).isEqualTo("$argon2id$h3");
            assertThat(a.create(new Account("bob", "bob", "$argon2id$b", 12))).isTrue();
            assertThat(a.list()).extracting(Account::key).containsExactly("bob", "mina");
            assertThat(a.delete("bob")).isTrue();
            assertThat(a.delete("bob")).isFalse();
            assertThat(a.list()).extracting(Account::name).containsExactly("Mina");
        }
    }

    @Test
    void shouldKeepTheLanguageAnAccountChose() {
        try (Store s = open()) {
            Accounts a = s.accounts();
            a.create(new Account("mina", "Mina", "$argon2id$h1", 10));
            a.create(new Account("jun", "jun", "$argon2id$h2", 11, "ko"));
            assertThat(a.find("mina")).get().extracting(Account::language).isNull();
            assertThat(a.find("jun")).get().extracting(Account::language).isEqualTo("ko");
            assertThat(a.setLanguage("mina", "ko")).isTrue();
            assertThat(a.setLanguage("nobody", "ko")).isFalse();
            assertThat(a.setHash("mina", "$argon2id$h3")).isTrue(); // a new password keeps the language
            assertThat(a.find("mina")).contains(new Account("mina", "Mina", "$argon2id$h3", 10, "ko"));
            assertThat(a.setLanguage("jun", null)).isTrue();
            assertThat(a.list()).extracting(Account::language).containsExactly(null, "ko");
        }
        try (Store s = reopen()) {
            if (s != null) {
                assertThat(s.accounts().find("mina")).get().extracting(Account::language).isEqualTo("ko");
            }
        }
    }

    @Test
    void shouldKeepAccountsAcrossARestart() {
        try (Store s = open()) {
            s.accounts().create(new Account("민아", "민아", "$argon2id$k", 1));
        }
        try (Store s = reopen()) {
            if (s != null) {
                assertThat(s.accounts().find("민아")).get().extracting(Account::name).isEqualTo("민아");
            }
        }
    }
}
