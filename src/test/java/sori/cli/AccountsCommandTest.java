package sori.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.chat.Moderation;
import sori.chat.Names;
import sori.chat.Passwords;
import sori.store.Store;
import sori.store.StoreOptions;
import sori.store.Stores;
import sori.testing.ConsoleTest;

/** {@code sori accounts} as an administrator types it, on a SQLite store a server holds open. */
class AccountsCommandTest extends ConsoleTest {

    @TempDir
    Path dir;

    private final InputStream realIn = System.in;

    @AfterEach
    void restoreIn() {
        System.setIn(realIn);
    }

    private int withStdin(String input, String... args) throws Exception {
        System.setIn(new ByteArrayInputStream(input.getBytes(UTF_8)));
        return run(args);
    }

    @Test
    void shouldCreateListResetAndDeleteBesideARunningServer() throws Exception {
        try (Store server = Stores.open(StoreOptions.sqlite(dir))) { // holds the data directory's lock
            String d = dir.toString();
            assertThat(withStdin("first-password\n", "accounts", "create", "Mina", "--data-dir", d)).isZero();
            assertThat(out.toString(UTF_8)).contains("created Mina");
            assertThat(server.accounts().find(Names.fold("mina"))).get()
                    .satisfies(a -> assertThat(Passwords.verify("first-password", a.hash())).isTrue());
            assertThat(withStdin("other-password\n", "accounts", "create", "MINA", "--data-dir", d)).isEqualTo(1);
            assertThat(err.toString(UTF_8)).contains("already exists");

            out.reset();
            assertThat(run("accounts", "list", "--data-dir", d)).isZero();
            assertThat(out.toString(UTF_8).lines().toList()).singleElement().asString().startsWith("Mina\t");

            assertThat(withStdin("second-password\n", "accounts", "reset-password", "mina", "--data-dir", d)).isZero();
            assertThat(server.accounts().find(Names.fold("mina"))).get()
                    .satisfies(a -> assertThat(Passwords.verify("second-password", a.hash())).isTrue());

            assertThat(run("accounts", "delete", "mina", "--data-dir", d)).isZero();
            assertThat(server.accounts().find(Names.fold("mina"))).isEmpty();
            assertThat(run("accounts", "delete", "mina", "--data-dir", d)).isEqualTo(1);
            assertThat(err.toString(UTF_8)).contains("no account mina");
        }
        assertThat(out.toString(UTF_8) + err.toString(UTF_8)).doesNotContain("password\n").doesNotContain("-password");
    }

    @Test
    void shouldRefuseAShortPasswordAndTheMemoryStore() throws Exception {
        assertThat(withStdin("short\n", "accounts", "create", "mina", "--data-dir", dir.toString())).isEqualTo(1);
        assertThat(err.toString(UTF_8)).contains("at least 8 characters");
        assertThat(run("accounts", "list", "--store", "memory")).isEqualTo(1);
        assertThat(err.toString(UTF_8)).contains("nothing to manage");
    }

    @Test
    void shouldDeleteAnAccountsRolesAndFoundingsWithIt() throws Exception {
        try (Store server = Stores.open(StoreOptions.sqlite(dir))) {
            String d = dir.toString();
            assertThat(withStdin("first-password\n", "accounts", "create", "Mina", "--data-dir", d)).isZero();
            server.moderation().saveRoom(new Moderation.RoomSettings("dev", "Mina", "i", null, 0));
            server.moderation().saveRole("ops", Names.fold("mina"), "op");
            server.moderation().saveRole("ops", "jun", "voice");

            assertThat(run("accounts", "delete", "mina", "--data-dir", d)).isZero();
            Moderation.Snapshot left = server.moderation().load();
            assertThat(left.rooms()).containsExactly(new Moderation.RoomSettings("dev", null, "i", null, 0));
            assertThat(left.roles()).containsExactly(new Moderation.Role("ops", "jun", "voice"));
        }
    }
}
