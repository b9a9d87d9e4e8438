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
            assertThat(a.setHash("mina", "$argon2id$h3", null)).isTrue();
            assertThat(a.setHash("nobody", "$argon2id$h3", null)).isFalse();
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
            assertThat(a.setHash("mina", "$argon2id$h3", null)).isTrue(); // a new password keeps the language
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
    void shouldKeepScramCredentialsWithThePasswordTheyCameFrom() {
        String scram = "SCRAM-SHA-256$4096:c2FsdA==$c3RvcmVk:c2VydmVy";
        try (Store s = open()) {
            Accounts a = s.accounts();
            a.create(new Account("mina", "Mina", "$argon2id$h1", 10, null, scram));
            a.create(new Account("jun", "jun", "$argon2id$h2", 11)); // made before SCRAM: none
            assertThat(a.find("mina")).get().extracting(Account::scram).isEqualTo(scram);
            assertThat(a.find("jun")).get().extracting(Account::scram).isNull();
            // Filled in at the next password sign-in, only while the hash it was checked against is current.
            assertThat(a.setScram("jun", "$argon2id$old", "SCRAM-SHA-256$4096:x$y:z")).isFalse();
            assertThat(a.find("jun")).get().extracting(Account::scram).isNull();
            assertThat(a.setScram("jun", "$argon2id$h2", scram)).isTrue();
            assertThat(a.setScram("nobody", "$argon2id$h2", scram)).isFalse();
            assertThat(a.find("jun")).get().extracting(Account::scram).isEqualTo(scram);
            // A new password replaces both at once: the old one's credentials never outlive it.
            assertThat(a.setHash("mina", "$argon2id$h3", null)).isTrue();
            assertThat(a.find("mina")).contains(new Account("mina", "Mina", "$argon2id$h3", 10, null, null));
            assertThat(a.setHash("jun", "$argon2id$h4", "SCRAM-SHA-256$4096:bmV3$bmV3:bmV3")).isTrue();
            assertThat(a.setLanguage("jun", "ko")).isTrue(); // and a language keeps them
        }
        try (Store s = reopen()) {
            if (s != null) {
                assertThat(s.accounts().find("jun")).contains(
                        new Account("jun", "jun", "$argon2id$h4", 11, "ko", "SCRAM-SHA-256$4096:bmV3$bmV3:bmV3"));
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
