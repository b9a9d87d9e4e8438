package sori.chat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Korean bundle says everything the English one says, with the same arguments, in Korean. */
class BundlesTest {

    private static final Pattern ARG = Pattern.compile("\\{\\d}");
    private static final Pattern PLACEHOLDER = Pattern.compile("[<\\[]([a-z]+)[>\\]]");

    /**
     * The only texts that may leave an argument out: the seed's own lines, kept word for word. Its join
     * line names no room (the seed had one), its taken-name line no name.
     */
    private static final Map<String, Set<String>> SEED_OMITS =
            Map.of("joined.first", Set.of("{1}"), "error.name.taken", Set.of("{0}"));

    /** Texts the seed gives without any prefix, or that only pass a text through. */
    private static final Set<String> UNPREFIXED_ERRORS = Set.of("error.name.taken", "error.bad_request");

    static Properties bundle(String lang) throws Exception {
        Properties p = new Properties();
        try (InputStream in = Texts.class.getResourceAsStream("/sori/chat/messages_" + lang + ".properties")) {
            p.load(new InputStreamReader(in, UTF_8));
        }
        return p;
    }

    static Set<String> arguments(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = ARG.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Where two bundles differ: keys one lacks, arguments one lacks; empty when they agree. */
    static Set<String> differences(Properties en, Properties ko, Map<String, Set<String>> allowedOmissions) {
        Set<String> out = new TreeSet<>();
        for (String key : en.stringPropertyNames()) {
            if (!ko.containsKey(key)) {
                out.add(key + ": no Korean text");
                continue;
            }
            Set<String> expected = new TreeSet<>(arguments(en.getProperty(key)));
            expected.removeAll(allowedOmissions.getOrDefault(key, Set.of()));
            Set<String> actual = arguments(ko.getProperty(key));
            actual.removeAll(allowedOmissions.getOrDefault(key, Set.of()));
            if (!expected.equals(actual)) {
                out.add(key + ": arguments " + actual + " in Korean, " + expected + " in English");
            }
        }
        for (String key : ko.stringPropertyNames()) {
            if (!en.containsKey(key)) {
                out.add(key + ": no English text");
            }
        }
        return out;
    }

    @Test
    void shouldHaveEveryKeyWithTheSameArgumentsInBothLanguages() throws Exception {
        assertThat(differences(bundle("en"), bundle("ko"), SEED_OMITS)).isEmpty();
    }

    @Test
    void shouldNoticeAMissingKeyOrArgument() throws Exception {
        Properties en = bundle("en");
        Properties ko = bundle("ko");
        ko.remove("renamed");
        ko.setProperty("topic.set", "★{0}님이 주제를 정했습니다: {2}");
        assertThat(differences(en, ko, SEED_OMITS))
                .containsExactly("renamed: no Korean text", "topic.set: arguments [{0}, {2}] in Korean, [{0}, {1}, {2}] in English");
    }

    @Test
    void shouldSayErrorInKorean() throws Exception {
        Properties ko = bundle("ko");
        for (String key : ko.stringPropertyNames()) {
            assertThat(ko.getProperty(key)).as(key).doesNotContain("error");
            if (key.startsWith("error.") && !UNPREFIXED_ERRORS.contains(key)) {
                assertThat(ko.getProperty(key)).as(key).startsWith("오류: ");
            }
        }
    }

    @Test
    void shouldTranslateEveryPlaceholderOfEveryUsage() throws Exception {
        Texts ko = Texts.forLanguage("ko");
        for (ChatCommand c : ChatCommand.values()) {
            Matcher m = PLACEHOLDER.matcher(c.usage());
            while (m.find()) {
                assertThat(bundle("en")).as(c.usage()).containsKey("param." + m.group(1));
                assertThat(bundle("ko")).as(c.usage()).containsKey("param." + m.group(1));
            }
            assertThat(ko.usage(c.usage())).as(c.usage()).doesNotContainPattern("[<\\[][a-z]+[>\\]]");
        }
        for (Object value : bundle("ko").values()) {
            assertThat((String) value).doesNotContainPattern("[<\\[][a-z]+[>\\]]");
        }
        assertThat(ko.usage(ChatCommand.MSG.usage())).isEqualTo("/msg <이름> <내용>");
        assertThat(ko.failure(Event.Failure.of("command.usage", ChatCommand.JOIN.usage())))
                .isEqualTo("오류: 사용법: /join <방> [열쇠]");
    }

    @Test
    void shouldKeepTheSeedsKoreanWordForWord() {
        Texts ko = Texts.forLanguage("ko");
        assertThat(ko.get("prompt")).isEqualTo("이름을 입력하세요: ");
        assertThat(ko.get("error.name.taken", "철수")).isEqualTo("이미 등록되어 있습니다.");
        assertThat(ko.get("joined.first", "철수", "lobby")).isEqualTo("★철수님이 참여했습니다.");
        assertThat(ko.get("quit", "철수")).isEqualTo("★철수님이 퇴장했습니다.");
        assertThat(ko.get("joined", "철수", "개발")).isEqualTo("★철수님이 개발에 참여했습니다.");
    }
}
