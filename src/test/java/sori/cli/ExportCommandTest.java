package sori.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.chat.Event;
import sori.store.Store;
import sori.store.StoreOptions;
import sori.store.Stores;
import sori.testing.ConsoleTest;

/** {@code sori export} as users type it, on a SQLite store, with the writing server still running. */
class ExportCommandTest extends ConsoleTest {

    @TempDir
    Path dir;

    private static long at(String localTime) {
        return LocalDateTime.parse(localTime).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    }

    private Store serverWithHistory() {
        Store s = Stores.open(StoreOptions.sqlite(dir));
        s.append(new Event.Joined("Dev", 1, at("2026-11-28T09:00"), "mina"), null);
        s.append(new Event.Said("Dev", 2, at("2026-11-29T12:00"), "mina", "hi \"all\""), null);
        s.append(new Event.Action("Dev", 3, at("2026-11-29T12:01"), "mina", "waves"), null);
        s.append(new Event.Left("Dev", 4, at("2026-11-29T12:02"), "mina", Event.Departure.QUIT, "lunch"), null);
        s.rooms(); // everything above is committed
        return s;
    }

    @Test
    void shouldPrintTheRoomAsJsonLinesWhileTheServerHoldsTheStore() throws Exception {
        try (Store server = serverWithHistory()) {
            assertThat(run("export", "--room", "dev", "--data-dir", dir.toString())).isZero();
        }
        assertThat(out.toString(UTF_8).lines().toList()).containsExactly(
                "{\"type\":\"joined\",\"room\":\"Dev\",\"seq\":1,\"time\":" + at("2026-11-28T09:00") + ",\"name\":\"mina\"}",
                "{\"type\":\"said\",\"room\":\"Dev\",\"seq\":2,\"time\":" + at("2026-11-29T12:00")
                        + ",\"name\":\"mina\",\"text\":\"hi \\\"all\\\"\"}",
                "{\"type\":\"action\",\"room\":\"Dev\",\"seq\":3,\"time\":" + at("2026-11-29T12:01")
                        + ",\"name\":\"mina\",\"text\":\"waves\"}",
                "{\"type\":\"left\",\"room\":\"Dev\",\"seq\":4,\"time\":" + at("2026-11-29T12:02")
                        + ",\"name\":\"mina\",\"why\":\"quit\",\"reason\":\"lunch\"}");
    }

    @Test
    void shouldPrintOneLineForPeoplePerEventSinceADate() throws Exception {
        serverWithHistory().close();
        assertThat(run("export", "--room", "DEV", "--since", "2026-11-29", "--format", "text",
                "--data-dir", dir.toString())).isZero();
        assertThat(out.toString(UTF_8).lines().toList()).containsExactly(
                "2026-11-29 12:00 [mina] hi \"all\"",
                "2026-11-29 12:01 * mina waves",
                "2026-11-29 12:02 * mina left (quit: lunch)");
    }

    @Test
    void shouldSayInOneLineThatTheRoomIsUnknown() throws Exception {
        serverWithHistory().close();
        assertThat(run("export", "--room", "nope", "--data-dir", dir.toString())).isEqualTo(1);
        assertThat(err.toString(UTF_8)).isEqualTo("sori: no room nope in " + dir.resolve("sori.db")
                + System.lineSeparator());
        assertThat(out.toString(UTF_8)).isEmpty();
    }

    @Test
    void shouldExitTwoOnWrongFlagsAndShowHelpInTheProjectsStyle() throws Exception {
        assertThat(run("export", "--room", "dev", "--format", "xml", "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(run("export", "--room", "dev", "--since", "yesterday", "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(run("export", "--data-dir", dir.toString())).isEqualTo(2);
        out.reset();
        assertThat(run("export", "--help")).isZero();
        assertThat(out.toString(UTF_8)).contains("--room=NAME", "--since=DATE", "--format=jsonl|text", "--data-dir=DIR",
                "--store=sqlite|memory|URL", "(default: jsonl)")
                // A reader has no say in how the server writes.
                .doesNotContain("--durability").doesNotContain("--retention");
    }

    @Test
    void shouldListTheStoreFlagsOnceBesideTheTlsOnesForTheDataDir() throws Exception {
        assertThat(run("echo", "--help")).isZero();
        assertThat(out.toString(UTF_8).lines().filter(l -> l.matches("\\s+--data-dir=DIR\\s.*"))).hasSize(1);
    }
}
