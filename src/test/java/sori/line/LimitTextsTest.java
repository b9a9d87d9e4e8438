package sori.line;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import sori.Main;
import sori.chat.Event;
import sori.chat.Texts;
import sori.net.Limit;

/** Every limit speaks both languages, and the server's flags for them are there and checked. */
class LimitTextsTest {

    private static Properties bundle(String lang) throws Exception {
        Properties p = new Properties();
        try (InputStream in = Texts.class.getResourceAsStream("/sori/chat/messages_" + lang + ".properties")) {
            p.load(new InputStreamReader(in, UTF_8));
        }
        return p;
    }

    @Test
    void shouldHaveEveryLimitsTextInEnglishAndKorean() throws Exception {
        Properties en = bundle("en");
        Properties ko = bundle("ko");
        for (Limit l : Limit.values()) {
            assertThat(en.getProperty(l.textKey())).as(l + " en").startsWith("error:").contains("{0}");
            assertThat(ko.getProperty(l.textKey())).as(l + " ko").startsWith("오류:").contains("{0}");
        }
        for (String key : new String[] {"kicked.flood", "timed.out"}) {
            assertThat(en).containsKey(key);
            assertThat(ko).containsKey(key);
        }
    }

    @Test
    void shouldTellTheRoomWhySomeoneWasCutOff() {
        LineCodec en = new LineCodec(Texts.forLanguage("en"));
        LineCodec ko = new LineCodec(Texts.forLanguage("ko"));
        Event flood = new Event.Left("lobby", 1, 0, "mina", Event.Departure.FLOOD, null);
        Event timeout = new Event.Left("lobby", 2, 0, "mina", Event.Departure.TIMEOUT, null);
        assertThat(en.render(flood, false)).isEqualTo("* mina was disconnected (excess flood).");
        assertThat(en.render(timeout, false)).isEqualTo("* mina left (timed out).");
        assertThat(ko.render(flood, false)).isEqualTo("★mina님의 연결을 끊었습니다. (도배)");
        assertThat(ko.render(timeout, false)).isEqualTo("★mina님이 퇴장했습니다. (응답 없음)");
    }

    @Test
    void shouldListTheLimitFlagsAndRefuseBadValues() {
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, UTF_8));
            System.setErr(new PrintStream(err, true, UTF_8));
            assertThat(Main.run("server", "--help")).isZero();
            assertThat(Main.run("server", "--port", "0", "--flood-rate", "-1")).isEqualTo(2);
            assertThat(Main.run("server", "--port", "0", "--max-clients", "-5")).isEqualTo(2);
            assertThat(Main.run("server", "--port", "0", "--register-timeout", "-1")).isEqualTo(2);
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
        }
        assertThat(out.toString(UTF_8)).contains("--flood-burst", "--flood-rate", "--max-clients", "--max-per-address",
                "--limit-loopback", "--register-timeout");
        assertThat(err.toString(UTF_8)).contains("flood burst and rate must be 0 (off) or more",
                "connection limits must be 0 (none) or more", "register timeout must be 0-86400 s");
    }
}
