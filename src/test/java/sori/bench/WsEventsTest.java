package sori.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WsEventsTest {
    private final WsEvents events = new WsEvents();

    /** The value of top-level {@code key} in {@code json}, raw, or null when there is no string field so named. */
    private String find(String json, String key) {
        // Padding around the object: the reader must honour the range, not the array's ends.
        byte[] buf = ("xx" + json + "yy").getBytes(StandardCharsets.UTF_8);
        boolean found = events.find(buf, 2, buf.length - 2, key.getBytes(StandardCharsets.US_ASCII));
        return found ? events.text(buf) : null;
    }

    @Test
    void shouldFindTheTypeAndTextOfASaidEventAsTheServerWritesIt() {
        String said = "{\"type\":\"said\",\"room\":\"lobby\",\"seq\":42,\"time\":1764086401000,\"name\":\"jun\","
                + "\"text\":\"~b7:0:12:345:xxxx\"}";
        assertThat(find(said, "type")).isEqualTo("said");
        assertThat(find(said, "text")).isEqualTo("~b7:0:12:345:xxxx");
        assertThat(find(said, "room")).isEqualTo("lobby");
    }

    @Test
    void shouldNotTakeAnEscapedQuoteForTheEndOfAString() {
        String json = "{\"type\":\"said\",\"name\":\"a\",\"text\":\"he said \\\"\\\\\\\" and \\\"text\\\":\\\"x\\\"\"}";
        assertThat(find(json, "text")).isEqualTo("he said \\\"\\\\\\\" and \\\"text\\\":\\\"x\\\"");
    }

    @Test
    void shouldIgnoreFieldsInsideNestedValuesAndKeysThatLookLikeValues() {
        String replayed = "{\"type\":\"replayed\",\"event\":{\"type\":\"said\",\"text\":\"old\"}}";
        assertThat(find(replayed, "type")).isEqualTo("replayed");
        assertThat(find(replayed, "text")).isNull();
        String listed = "{\"members\":[\"text\",\"type\"],\"name\":\"text\",\"text\":\"real\"}";
        assertThat(find(listed, "text")).isEqualTo("real");
    }

    @Test
    void shouldFindFieldsInAnyOrderAndAcrossWhitespace() {
        assertThat(find("{ \"text\" : \"first\" , \"type\" : \"said\" }", "type")).isEqualTo("said");
        assertThat(find("{ \"text\" : \"first\" , \"type\" : \"said\" }", "text")).isEqualTo("first");
    }

    @Test
    void shouldNotMatchValuesThatAreNotStringsOrJsonThatIsNotAnObject() {
        assertThat(find("{\"type\":null,\"text\":\"t\"}", "type")).isNull();
        assertThat(find("{\"topic\":null}", "topic")).isNull();
        assertThat(find("[\"type\",\"said\"]", "type")).isNull();
        assertThat(find("", "type")).isNull();
    }

    @Test
    void shouldGiveUpOnTruncatedJson() {
        assertThat(find("{\"type\":\"sa", "type")).isNull();
        assertThat(find("{\"type\"", "type")).isNull();
        assertThat(find("{\"name\":\"a\\\"}", "text")).isNull();
    }
    @Test
    void shouldFindTheFirstQuoteAtEveryPositionOfAWordAndNotABytePastTheRange() {
        // '#' is 0x23, one above '"': it is what the word-at-a-time test can flag falsely, next to a real quote.
        for (int length = 0; length <= 24; length++) {
            for (int at = 0; at < length; at++) {
                byte[] buf = new byte[length + 3];
                java.util.Arrays.fill(buf, (byte) '#');
                buf[at] = '"';
                buf[length] = '"'; // past the range: never found
                assertThat(WsEvents.quote(buf, 0, length)).as("length %d, quote at %d", length, at).isEqualTo(at);
                buf[at] = (byte) 0xA2; // a UTF-8 continuation byte with a quote's low bits
                assertThat(WsEvents.quote(buf, 0, length)).as("length %d, none", length).isEqualTo(-1);
            }
            byte[] twice = ("a".repeat(length) + "\"#\"").getBytes(StandardCharsets.US_ASCII);
            assertThat(WsEvents.quote(twice, 0, twice.length)).isEqualTo(length);
            assertThat(WsEvents.quote(twice, length + 1, twice.length)).isEqualTo(length + 2);
        }
    }
}
