package sori.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Ban masks and durations as typed: the forms taken, the forms refused, and what each covers. */
class MaskTest {

    @Test
    void shouldMatchANameAsNamesAreComparedLookAlikesIncluded() {
        Mask m = Mask.parse("Spammer");
        assertThat(m.text()).isEqualTo(Names.fold("spammer"));
        assertThat(m.matches("SPAMMER", "10.0.0.1")).isTrue();
        assertThat(m.matches("spamrner", "10.0.0.1")).isTrue(); // rn looks like m
        assertThat(m.matches("spammer2", "10.0.0.1")).isFalse();
        assertThat(m.addressOnly()).isFalse();
    }

    @Test
    void shouldMatchNameGlobsWithoutCase() {
        Mask m = Mask.parse("Spam*");
        assertThat(m.text()).isEqualTo("spam*");
        assertThat(m.matches("SpamBot", null)).isTrue();
        assertThat(m.matches("spam", null)).isTrue();
        assertThat(m.matches("nospam", null)).isFalse();
        assertThat(Mask.parse("?ob").matches("bob", null)).isTrue();
        assertThat(Mask.parse("?ob").matches("boob", null)).isFalse();
        assertThat(Mask.parse("a*b*c").matches("aXbYbZc", null)).isTrue();
    }

    @Test
    void shouldMatchAddressGlobsAloneOrWithAName() {
        Mask a = Mask.parse("@10.0.0.*");
        assertThat(a.text()).isEqualTo("*@10.0.0.*");
        assertThat(Mask.parse("*@10.0.0.*")).isEqualTo(a);
        assertThat(a.addressOnly()).isTrue();
        assertThat(a.matches(null, "10.0.0.7")).isTrue();
        assertThat(a.matches("anyone", "10.0.1.7")).isFalse();
        assertThat(Mask.parse("@::1").matches("x", "[::1]")).isTrue();
        Mask both = Mask.parse("bot*@192.168.*");
        assertThat(both.matches("bot7", "192.168.1.2")).isTrue();
        assertThat(both.matches("bot7", "10.0.0.1")).isFalse();
        assertThat(both.matches("human", "192.168.1.2")).isFalse();
    }

    @Test
    void shouldRefuseWhatIsNoMaskAndMasksThatWouldBanEveryone() {
        for (String bad : new String[] {"*", "**", "?*", "@", "*@*", "@host.example", "a@b@c", "bad!name", "sp am*",
            "x@10.0.0.1@"}) {
            assertThat(Mask.parse(bad)).as(bad).isNull();
        }
        assertThat(Mask.looksLikeAddress("10.0.0.7")).isTrue();
        assertThat(Mask.looksLikeAddress("10.0.*")).isTrue();
        assertThat(Mask.looksLikeAddress("::1")).isTrue();
        assertThat(Mask.looksLikeAddress("mina")).isFalse();
    }

    @Test
    void shouldReadDurationsAsPeopleTypeThem() {
        assertThat(TimeSpan.millis("30s")).isEqualTo(30_000);
        assertThat(TimeSpan.millis("10m")).isEqualTo(600_000);
        assertThat(TimeSpan.millis("2H")).isEqualTo(7_200_000);
        assertThat(TimeSpan.millis("7d")).isEqualTo(604_800_000);
        assertThat(TimeSpan.millis("4w")).isEqualTo(4 * 604_800_000L);
        for (String bad : new String[] {"", "10", "m", "0m", "1.5h", "-1d", "10y", "99999w", "10 m"}) {
            assertThat(TimeSpan.millis(bad)).as(bad).isEqualTo(-1);
        }
    }
}
