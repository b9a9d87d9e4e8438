package sori.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sori.chat.ChatCommand;
import sori.chat.Event;
import sori.chat.Hub;
import sori.chat.Texts;

class WebCodecTest {

    private final WebCodec codec = new WebCodec(Texts.forLanguage("en"));

    private Map<String, Object> encode(Event e) {
        return Json.parse(codec.encode(e));
    }

    private WebCodec.Request parse(String json) {
        return codec.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldEncodeRoomEventsWithRoomSeqAndTime() {
        assertThat(encode(new Event.Said("lobby", 7, 1000, "mina", "hi \"there\"\n")))
                .containsExactly(Map.entry("type", "said"), Map.entry("room", "lobby"), Map.entry("seq", 7L),
                        Map.entry("time", 1000L), Map.entry("name", "mina"), Map.entry("text", "hi \"there\"\n"));
        assertThat(encode(new Event.Joined("dev", 1, 2, "jun"))).containsEntry("type", "joined")
                .containsEntry("name", "jun").containsEntry("seq", 1L);
        assertThat(encode(new Event.Action("dev", 2, 3, "jun", "waves"))).containsEntry("type", "action")
                .containsEntry("text", "waves");
        assertThat(encode(new Event.Renamed("dev", 3, 4, "jun", "june"))).containsEntry("type", "renamed")
                .containsEntry("from", "jun").containsEntry("to", "june");
        assertThat(encode(new Event.TopicSet("dev", 4, 5, "jun", "release"))).containsEntry("type", "topic_set")
                .containsEntry("topic", "release").containsEntry("name", "jun");
    }

    @Test
    void shouldTellThePageWhichAccountItIsSignedInToOrThatItIsAGuestAgain() {
        assertThat(new String(codec.encode(new Event.SignedIn("mina")), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"account\",\"name\":\"mina\"}");
        assertThat(new String(codec.encode(new Event.SignedIn(null)), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"account\",\"name\":null}");
    }

    @Test
    void shouldSayWhyAndOnlyGiveAReasonWhenThereIsOne() {
        assertThat(encode(new Event.Left("dev", 5, 6, "jun", Event.Departure.KICKED_SLOW, null)))
                .containsEntry("type", "left").containsEntry("why", "kicked_slow").doesNotContainKey("reason");
        assertThat(encode(new Event.Left("dev", 5, 6, "jun", Event.Departure.QUIT, "lunch")))
                .containsEntry("why", "quit").containsEntry("reason", "lunch");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldWrapAReplayedEventWhole() {
        Map<String, Object> m = encode(new Event.Replayed(new Event.Said("lobby", 3, 9, "mina", "old")));
        assertThat(m).containsEntry("type", "replayed");
        assertThat((Map<String, Object>) m.get("event")).containsEntry("type", "said").containsEntry("seq", 3L)
                .containsEntry("text", "old");
    }

    @Test
    void shouldEncodeEveryEventForOneSession() {
        assertThat(encode(new Event.Prompt())).containsExactly(Map.entry("type", "prompt"));
        assertThat(encode(new Event.Welcome("mina", "lobby", List.of("mina", "jun"), 2)))
                .containsEntry("type", "welcome").containsEntry("members", List.of("mina", "jun"))
                .containsEntry("count", 2L);
        assertThat(encode(new Event.Private("mina", "jun", 8, "psst"))).containsEntry("type", "private")
                .containsEntry("from", "mina").containsEntry("to", "jun").containsEntry("time", 8L);
        assertThat(encode(new Event.Who("lobby", null, List.of("a")))).containsEntry("type", "who")
                .containsEntry("topic", null).containsEntry("members", List.of("a"));
        assertThat(encode(new Event.Rooms(List.of(new Event.RoomInfo("dev", 2, "t")))))
                .containsEntry("rooms", List.of(Map.of("name", "dev", "members", 2L, "topic", "t")));
        assertThat(encode(new Event.Switched(null, true))).containsEntry("type", "switched")
                .containsEntry("room", null).containsEntry("announce", true);
        assertThat(encode(new Event.Topic("dev", "t"))).containsEntry("type", "topic").containsEntry("topic", "t");
        assertThat(encode(Event.Notice.of("history.none", "dev"))).containsExactly(Map.entry("type", "notice"),
                Map.entry("text", "* No history in dev yet."));
        assertThat(encode(Event.Failure.of("name.taken", "mina"))).containsExactly(Map.entry("type", "error"),
                Map.entry("code", "name.taken"), Map.entry("text", "error: the name mina is taken; choose another."));
        assertThat(encode(Event.Goodbye.of("bye"))).containsEntry("type", "goodbye").containsEntry("text", "* Bye.");
        assertThat(encode(new Event.HistoryEnd("dev", 2, 7, true))).containsExactly(Map.entry("type", "history_end"),
                Map.entry("room", "dev"), Map.entry("count", 2L), Map.entry("first", 7L), Map.entry("more", true));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldListCommandsWithUsageAndTheServersDescription() {
        Map<String, Object> m = encode(new Event.Help(List.of(ChatCommand.JOIN)));
        assertThat((List<Object>) m.get("commands")).containsExactly(
                Map.of("name", "join", "usage", "/join <room> [key]", "text", Texts.forLanguage("en").get("cmd.join")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldSpeakTheServersLanguageInUsagesAndErrorsToo() {
        WebCodec ko = new WebCodec(Texts.forLanguage("ko"));
        Map<String, Object> help = Json.parse(ko.encode(new Event.Help(List.of(ChatCommand.JOIN))));
        Map<String, Object> join = ((List<Map<String, Object>>) help.get("commands")).get(0);
        assertThat((String) join.get("usage")).startsWith("/join ").contains("방").doesNotContain("room");
        Map<String, Object> error = Json.parse(ko.encode(Event.Failure.of("command.usage", ChatCommand.JOIN.usage())));
        assertThat((String) error.get("text")).startsWith("오류:").contains("방").doesNotContain("room");
    }

    @Test
    void shouldKeepKoreanAndEscapeControlCharacters() {
        byte[] bytes = codec.encode(new Event.Said("방", 1, 1, "민아", "안녕\u0001"));
        String json = new String(bytes, StandardCharsets.UTF_8);
        assertThat(json).contains("\"민아\"").contains("\\u0001");
        assertThat(Json.parse(bytes)).containsEntry("text", "안녕\u0001");
    }

    @Test
    void shouldParseEveryRequest() {
        assertThat(parse("{\"type\":\"name\",\"name\":\"mina\"}")).isEqualTo(new WebCodec.Name("mina"));
        assertThat(parse("{\"type\":\"say\",\"room\":\"dev\",\"text\":\"hi\"}")).isEqualTo(new WebCodec.Say("dev", "hi"));
        assertThat(parse("{\"type\":\"say\",\"text\":\"hi\"}")).isEqualTo(new WebCodec.Say(null, "hi"));
        assertThat(parse("{\"type\":\"command\",\"line\":\"/join dev\"}")).isEqualTo(new WebCodec.Line("/join dev"));
        assertThat(parse("{\"type\":\"join\",\"room\":\"dev\"}")).isEqualTo(command(ChatCommand.JOIN, "dev"));
        assertThat(parse("{\"type\":\"part\"}")).isEqualTo(command(ChatCommand.PART));
        assertThat(parse("{\"type\":\"part\",\"room\":\"dev\"}")).isEqualTo(command(ChatCommand.PART, "dev"));
        assertThat(parse("{\"type\":\"msg\",\"to\":\"jun\",\"text\":\"psst now\"}"))
                .isEqualTo(command(ChatCommand.MSG, "jun", "psst now"));
        assertThat(parse("{\"type\":\"me\",\"text\":\"waves\"}")).isEqualTo(command(ChatCommand.ME, "waves"));
        assertThat(parse("{\"type\":\"nick\",\"name\":\"june\"}")).isEqualTo(command(ChatCommand.NICK, "june"));
        assertThat(parse("{\"type\":\"topic\"}")).isEqualTo(command(ChatCommand.TOPIC));
        assertThat(parse("{\"type\":\"topic\",\"text\":\"release\"}")).isEqualTo(command(ChatCommand.TOPIC, "release"));
        assertThat(parse("{\"type\":\"who\",\"room\":\"dev\"}")).isEqualTo(command(ChatCommand.WHO, "dev"));
        assertThat(parse("{\"type\":\"rooms\"}")).isEqualTo(command(ChatCommand.ROOMS));
        assertThat(parse("{\"type\":\"help\"}")).isEqualTo(command(ChatCommand.HELP));
        assertThat(parse("{\"type\":\"quit\",\"reason\":\"lunch\"}")).isEqualTo(command(ChatCommand.QUIT, "lunch"));
        assertThat(parse("{\"type\":\"history\",\"room\":\"dev\",\"since\":12}"))
                .isEqualTo(new WebCodec.History("dev", Hub.HistoryKind.SINCE, 12, 0));
        assertThat(parse("{\"type\":\"history\",\"room\":\"dev\",\"before\":40,\"count\":5}"))
                .isEqualTo(new WebCodec.History("dev", Hub.HistoryKind.BEFORE, 40, 5));
        assertThat(parse("{\"type\":\"history\",\"count\":5}"))
                .isEqualTo(new WebCodec.History(null, Hub.HistoryKind.LAST, 0, 5));
        assertThat(parse("{\"type\":\"history\"}")).isEqualTo(new WebCodec.History(null, Hub.HistoryKind.LAST, 0, 0));
        assertThat(parse("{\"type\":\"history\",\"since\":1,\"before\":9}")).isInstanceOf(WebCodec.Invalid.class);
    }

    @Test
    void shouldIgnoreUnknownFieldsAndNulls() {
        assertThat(parse("{\"id\":7,\"type\":\"say\",\"extra\":{\"a\":[1,2]},\"room\":null,\"text\":\"hi\"}"))
                .isEqualTo(new WebCodec.Say(null, "hi"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "not json", "[]", "\"say\"", "{\"type\":\"say\",\"text\":\"hi\"", "{}", "{\"type\":7}",
        "{\"type\":\"dance\"}", "{\"type\":\"say\"}", "{\"type\":\"say\",\"text\":3}", "{\"type\":\"say\",\"text\":true}",
        "{\"type\":\"join\",\"room\":[\"dev\"]}", "{\"type\":\"history\",\"since\":-1}", "{\"type\":\"history\",\"since\":1.5}",
        "{\"type\":\"history\",\"since\":\"3\"}", "{\"type\":\"name\",\"name\":\"a\",\"name\":\"b\"}",
        "{\"type\":\"rooms\"} {\"type\":\"rooms\"}", "{\"type\":\"join\",\"room\":\"  \"}"
    })
    void shouldRefuseWhatIsNotARequest(String json) {
        assertThat(parse(json)).isInstanceOf(WebCodec.Invalid.class);
        assertThat(((WebCodec.Invalid) parse(json)).reason()).isNotBlank();
    }

    private static WebCodec.Command command(ChatCommand c, String... args) {
        return new WebCodec.Command(c, List.of(args));
    }
}
